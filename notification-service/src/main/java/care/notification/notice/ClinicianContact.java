package care.notification.notice;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/** Where a clinician's (or another provider's) alerts go, as an administrator set it. */
@Document("provider_contacts")
public class ClinicianContact {

    @Id
    String id;
    @Version
    Long version;
    String email;
    String phone;
    Instant updatedAt;
    String updatedBy;

    static ClinicianContact of(UUID providerId) {
        ClinicianContact contact = new ClinicianContact();
        contact.id = providerId.toString();
        return contact;
    }
}

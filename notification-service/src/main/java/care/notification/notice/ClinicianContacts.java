package care.notification.notice;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

import care.kit.outbox.Outbox;

/** Where a clinician's (or another provider's) alerts go, as an administrator sets it. */
@Service
public class ClinicianContacts {

    private final Outbox outbox;
    private final NotificationQueries queries;
    private final NotificationRecords records;

    ClinicianContacts(Outbox outbox, NotificationQueries queries, NotificationRecords records) {
        this.outbox = outbox;
        this.queries = queries;
        this.records = records;
    }

    /** Sets the provider's email and phone (either may be null), recording who set them. */
    ClinicianContact set(UUID providerId, String email, String phone, String by) {
        return outbox.upsert(() -> queries.clinicianContact(providerId), () -> ClinicianContact.of(providerId),
                contact -> {
                    contact.email = email;
                    contact.phone = phone;
                    contact.updatedAt = records.now();
                    contact.updatedBy = by;
                    return List.of();
                });
    }
}

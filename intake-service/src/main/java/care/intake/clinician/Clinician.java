package care.intake.clinician;

import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/** A clinician who may decide eligibility, and the jurisdictions they are licensed in. */
@Document("clinicians")
public class Clinician {

    @Id
    String id;
    @Version
    Long version;
    String displayName;
    List<String> licensedJurisdictions;

    public String id() {
        return id;
    }

    public boolean licensedIn(String jurisdiction) {
        return licensedJurisdictions != null && licensedJurisdictions.contains(jurisdiction);
    }

    public List<String> licensedJurisdictions() {
        return licensedJurisdictions == null ? List.of() : licensedJurisdictions;
    }
}

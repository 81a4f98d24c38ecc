package care.scheduling.plan;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/** Whether a patient may book a consultation: opened by a request in intake, closed by a decision. */
@Document("consultation_tracks")
public class ConsultationTrack {

    public enum Status {
        OPEN, APPROVED, DECLINED
    }

    @Id
    String id;
    @Version
    Long version;
    String patientId;
    Status status;

    public String patientId() {
        return patientId;
    }

    public Status status() {
        return status;
    }
}

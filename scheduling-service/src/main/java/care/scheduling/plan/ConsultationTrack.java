package care.scheduling.plan;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.Indexed;
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
    /** A patient's open consultation requests are found by it. */
    @Indexed(name = "patientId_1")
    String patientId;
    Status status;

    static ConsultationTrack of(String consultationId, String patientId) {
        ConsultationTrack track = new ConsultationTrack();
        track.id = consultationId;
        track.patientId = patientId;
        return track;
    }

    /** A decision is final: a late request never reopens a decided track. Answers whether it changed. */
    boolean moveTo(Status next) {
        if (status != null && (status != Status.OPEN || next == Status.OPEN)) {
            return false;
        }
        status = next;
        return true;
    }

    public String patientId() {
        return patientId;
    }

    public Status status() {
        return status;
    }
}

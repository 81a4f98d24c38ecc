package care.intake.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.intake.ContraindicationFinding;
import care.contracts.intake.ScreeningCompleted;

/**
 * A patient's intake record: identity and contact details (personal data, kept only here), consents,
 * screenings, safety escalations and consultations. One document, so that every decision that depends
 * on several of them (may a consultation be requested?) is checked and stored in one atomic write.
 */
@Document("patients")
public class Patient {

    /** One consent decision; a withdrawal is a new entry, history is kept. */
    public record Consent(String consentId, ConsentType type, boolean granted, Instant recordedAt, String recordedBy) {
    }

    /** Kinds of consent a patient gives. */
    public enum ConsentType {
        TREATMENT, SMS, EMAIL
    }

    /** A scored screening, as answered. */
    public record Screening(String screeningId, Instant completedAt, List<Integer> gad7, List<Integer> phq9,
            List<String> conditions, int systolic, int diastolic, int gad7Total, ScreeningCompleted.Gad7Band gad7Band,
            int phq9Total, ScreeningCompleted.Phq9Band phq9Band, boolean phq9Item9Positive,
            List<ContraindicationFinding> contraindications) {
    }

    /**
     * A structured suicide-risk review a clinician must complete; never closed automatically.
     * {@code screeningId} names what raised it: a screening of this record, or an outcome measure of the
     * integration service (its {@code measurementId}), as in the SafetyEscalationRaised event.
     */
    public record SafetyEscalation(String escalationId, String screeningId, Instant raisedAt, EscalationStatus status,
            String reviewedBy, Instant reviewedAt, String notes) {

        boolean open() {
            return status == EscalationStatus.OPEN;
        }
    }

    public enum EscalationStatus {
        OPEN, CLEARED, REFERRED_OUT
    }

    /** A consultation request and, once decided, the clinician's decision. */
    public record Consultation(String consultationId, ConsultationStatus status, Instant requestedAt,
            String decidedBy, Instant decidedAt, Integer plannedSessions, String rationale, List<String> reasons,
            String referral, String ruleSetVersion) {
    }

    public enum ConsultationStatus {
        REQUESTED, APPROVED, DECLINED
    }

    @Id
    String id;
    @Version
    Long version;
    String accountSubject;
    String givenName;
    String familyName;
    LocalDate dateOfBirth;
    String email;
    String phone;
    String jurisdiction;
    String timeZone;
    Instant registeredAt;
    List<Consent> consents = new ArrayList<>();
    List<Screening> screenings = new ArrayList<>();
    List<SafetyEscalation> escalations = new ArrayList<>();
    List<Consultation> consultations = new ArrayList<>();

    public String id() {
        return id;
    }

    public String jurisdiction() {
        return jurisdiction;
    }

    public String timeZone() {
        return timeZone;
    }

    public LocalDate dateOfBirth() {
        return dateOfBirth;
    }

    Optional<Screening> latestScreening() {
        return screenings.isEmpty() ? Optional.empty() : Optional.of(screenings.getLast());
    }

    boolean consentGranted(ConsentType type) {
        for (int i = consents.size() - 1; i >= 0; i--) {
            if (consents.get(i).type() == type) {
                return consents.get(i).granted();
            }
        }
        return false;
    }

    boolean hasOpenEscalation() {
        return escalations.stream().anyMatch(SafetyEscalation::open);
    }

    Optional<SafetyEscalation> escalation(String escalationId) {
        return escalations.stream().filter(escalation -> escalation.escalationId().equals(escalationId)).findFirst();
    }

    boolean referredOut() {
        return escalations.stream().anyMatch(escalation -> escalation.status() == EscalationStatus.REFERRED_OUT);
    }

    Optional<Consultation> consultation(String consultationId) {
        return consultations.stream().filter(c -> c.consultationId().equals(consultationId)).findFirst();
    }
}

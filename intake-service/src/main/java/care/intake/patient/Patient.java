package care.intake.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.intake.CareTeamChanged;
import care.contracts.intake.ContraindicationFinding;
import care.contracts.intake.ScreeningCompleted;

/**
 * A patient's intake record: identity and contact details (personal data, kept only here), consents,
 * screenings, safety escalations, consultations and the care team. One document, so that every decision that
 * depends on several of them (may a consultation be requested? who becomes the responsible clinician on
 * approval?) is checked and stored in one atomic write.
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
     * A structured suicide-risk review a clinician must complete; never closed automatically. A patient has at
     * most one open: a further positive answer while it is open joins it as another trigger.
     * {@code screeningId} names what raised it: a screening of this record, or an outcome measure of the
     * integration service (its {@code measurementId}), as in the SafetyEscalationRaised event; {@code triggers}
     * lists it and everything that joined it.
     */
    public record SafetyEscalation(String escalationId, String screeningId, Instant raisedAt, EscalationStatus status,
            String reviewedBy, Instant reviewedAt, String notes, List<EscalationTrigger> triggers) {

        boolean open() {
            return status == EscalationStatus.OPEN;
        }

        /** What raised it and what joined it (a record stored before triggers were kept lists what raised it). */
        public List<EscalationTrigger> triggers() {
            return triggers == null ? List.of(new EscalationTrigger(screeningId, raisedAt)) : triggers;
        }

        boolean triggeredBy(String screeningOrMeasurementId) {
            return triggers().stream().anyMatch(trigger -> trigger.screeningId().equals(screeningOrMeasurementId));
        }

        SafetyEscalation with(EscalationTrigger trigger) {
            List<EscalationTrigger> all = new ArrayList<>(triggers());
            all.add(trigger);
            return new SafetyEscalation(escalationId, screeningId, raisedAt, status, reviewedBy, reviewedAt, notes,
                    all);
        }

        SafetyEscalation resolved(EscalationStatus outcome, String reviewer, Instant at, String reviewNotes) {
            return new SafetyEscalation(escalationId, screeningId, raisedAt, outcome, reviewer, at, reviewNotes,
                    triggers());
        }
    }

    /** A positive PHQ-9 item 9: a screening, or an outcome measure ({@code measurementId}) of integration. */
    public record EscalationTrigger(String screeningId, Instant at) {
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

    /** A member of the care team in a role held until a change: every role but emergency access. */
    public record CareTeamMember(String staffId, CareTeamChanged.Role role, Instant since) {
    }

    /**
     * A clinician's emergency access ("break the glass"): care-team-level access until {@code expiresAt}, or until
     * {@code endedAt} when a coordinator ended it early. The reason stays here, for the patient's access log.
     */
    public record EmergencyGrant(String grantId, String staffId, String reason, Instant grantedAt, Instant expiresAt,
            Instant endedAt) {

        /** When the access ends, or ended. */
        public Instant endsAt() {
            return endedAt != null && endedAt.isBefore(expiresAt) ? endedAt : expiresAt;
        }

        public boolean activeAt(Instant now) {
            return now.isBefore(endsAt());
        }

        EmergencyGrant endedAt(Instant now) {
            return new EmergencyGrant(grantId, staffId, reason, grantedAt, expiresAt, now);
        }
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
    List<CareTeamMember> careTeam = new ArrayList<>();
    List<EmergencyGrant> emergencyGrants = new ArrayList<>();
    /** The version of the care team: how many CareTeamChanged events it has published. */
    int careTeamVersion;

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

    Optional<SafetyEscalation> openEscalation() {
        return escalations.stream().filter(SafetyEscalation::open).findFirst();
    }

    /** Whether this screening or outcome measure already raised or joined an escalation. */
    boolean escalatedFor(String screeningOrMeasurementId) {
        return escalations.stream().anyMatch(escalation -> escalation.triggeredBy(screeningOrMeasurementId));
    }

    /**
     * A positive PHQ-9 item 9: joins the open escalation, or opens one with this id. Returns the escalation it
     * opened; empty when it joined the open one (no new escalation, so no new alert).
     */
    Optional<SafetyEscalation> escalate(String escalationId, String screeningOrMeasurementId, Instant at) {
        EscalationTrigger trigger = new EscalationTrigger(screeningOrMeasurementId, at);
        Optional<SafetyEscalation> open = openEscalation();
        if (open.isPresent()) {
            escalations.set(escalations.indexOf(open.get()), open.get().with(trigger));
            return Optional.empty();
        }
        SafetyEscalation raised = new SafetyEscalation(escalationId, screeningOrMeasurementId, at,
                EscalationStatus.OPEN, null, null, null, List.of(trigger));
        escalations.add(raised);
        return Optional.of(raised);
    }

    /** Whether the patient waits for a clinician: an open safety escalation or a requested consultation. */
    boolean waitingForClinician() {
        return hasOpenEscalation()
                || consultations.stream().anyMatch(c -> c.status() == ConsultationStatus.REQUESTED);
    }

    boolean referredOut() {
        return escalations.stream().anyMatch(escalation -> escalation.status() == EscalationStatus.REFERRED_OUT);
    }

    Optional<Consultation> consultation(String consultationId) {
        return consultations.stream().filter(c -> c.consultationId().equals(consultationId)).findFirst();
    }

    public List<CareTeamMember> careTeam() {
        return List.copyOf(careTeam);
    }

    /** Every emergency access ever opened for this patient, ended or not. */
    public List<EmergencyGrant> emergencyGrants() {
        return List.copyOf(emergencyGrants);
    }

    public int careTeamVersion() {
        return careTeamVersion;
    }
}

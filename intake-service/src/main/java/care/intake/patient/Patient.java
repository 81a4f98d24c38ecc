package care.intake.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.CareEvent;
import care.contracts.intake.CareTeamChanged;
import care.contracts.intake.EligibilityDeclined;
import care.contracts.intake.PatientContactChanged;
import care.contracts.intake.PatientRegistered;
import care.contracts.intake.SafetyEscalationResolved;
import care.contracts.intake.ContraindicationFinding;
import care.contracts.intake.ScreeningCompleted;
import care.intake.eligibility.EligibilityRules;
import care.intake.screening.ScreeningRateLimit;
import care.kit.domain.Aggregate;

/**
 * A patient's intake record: identity and contact details (personal data, kept only here), consents,
 * screenings, safety escalations, consultations and the care team. One document, so that every decision that
 * depends on several of them (may a consultation be requested? who becomes the responsible clinician on
 * approval?) is checked and stored in one atomic write. Its steps take the time and the rules, check them and
 * return the events they cause; the longer ones are spelled out in {@link PatientScreenings},
 * {@link PatientConsultations} and {@link CareTeamChanges}.
 */
@Aggregate
@Document("patients")
@CompoundIndex(def = "{'careTeam.staffId': 1}")
@CompoundIndex(def = "{'emergencyGrants.staffId': 1}")
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

    /** A new record of a registration; the registration and the contact details as events. */
    static Registered register(String id, String accountSubject, Contact contact, LocalDate dateOfBirth,
            String jurisdiction, UUID programId, Instant now) {
        Patient patient = new Patient();
        patient.id = id;
        patient.accountSubject = accountSubject;
        patient.givenName = contact.givenName();
        patient.familyName = contact.familyName();
        patient.dateOfBirth = dateOfBirth;
        patient.email = contact.email();
        patient.phone = contact.phone();
        patient.jurisdiction = jurisdiction;
        patient.timeZone = contact.timeZone();
        patient.registeredAt = now;
        return new Registered(patient, List.of(new PatientRegistered(UUID.randomUUID(), UUID.fromString(id), now,
                programId, jurisdiction), patient.contactChanged(now)));
    }

    /** A new record and the events of its registration. */
    record Registered(Patient patient, List<CareEvent> events) {
    }

    /** Contact details as given; in a change, null leaves a detail as it is. */
    record Contact(String givenName, String familyName, String email, String phone, String timeZone) {
    }

    /** Changes the details given; PatientContactChanged unless only the family name changed (it is not sent). */
    List<CareEvent> changeContact(Contact change, Instant now) {
        familyName = change.familyName() != null ? change.familyName() : familyName;
        boolean changed = change.givenName() != null || change.email() != null || change.phone() != null
                || change.timeZone() != null;
        givenName = change.givenName() != null ? change.givenName() : givenName;
        email = change.email() != null ? change.email() : email;
        phone = change.phone() != null ? change.phone() : phone;
        timeZone = change.timeZone() != null ? change.timeZone() : timeZone;
        return changed ? List.of(contactChanged(now)) : List.of();
    }

    private PatientContactChanged contactChanged(Instant now) {
        return new PatientContactChanged(UUID.randomUUID(), UUID.fromString(id), now, false, email, phone, timeZone,
                givenName);
    }

    /** A consent decision, as a new entry (see {@link PatientConsents}). */
    List<CareEvent> recordConsent(String consentId, ConsentType type, boolean granted, String recordedBy,
            String consentFormVersion, Instant now) {
        return PatientConsents.record(this, consentId, type, granted, recordedBy, consentFormVersion, now);
    }

    /** A scored screening, checked against the limit and the rule set (see {@link PatientScreenings}). */
    PatientScreenings.Recorded recordScreening(String screeningId, PatientScreenings.Answers answers,
            EligibilityRules rules, ScreeningRateLimit limit, Instant now) {
        return PatientScreenings.record(this, screeningId, answers, rules, limit, now);
    }

    /** A consultation request (see {@link PatientConsultations#request}). */
    List<CareEvent> requestConsultation(String consultationId, UUID programId, Instant now) {
        return PatientConsultations.request(this, consultationId, programId, now);
    }

    /** The consultation, refused unless it waits for a decision that may be taken now. */
    Consultation consultationToDecide(String consultationId) {
        return PatientConsultations.decidable(this, consultationId);
    }

    /** Approves the consultation under the rule set (see {@link PatientConsultations#approve}). */
    PatientConsultations.Decided approve(Consultation consultation, String clinicianId, int plannedSessions,
            String rationale, EligibilityRules rules, UUID programId, Instant now) {
        return PatientConsultations.approve(this, consultation, clinicianId, plannedSessions, rationale, rules,
                programId, now);
    }

    /** Declines the consultation with the reasons and the referral (see {@link PatientConsultations#decline}). */
    PatientConsultations.Decided decline(Consultation consultation, String clinicianId, String rationale,
            List<EligibilityDeclined.Reason> reasons, EligibilityDeclined.Referral referral, EligibilityRules rules,
            Instant now) {
        return PatientConsultations.decline(this, consultation, clinicianId, rationale, reasons, referral, rules, now);
    }

    /**
     * A clinician's safety review resolves every open escalation (CLEARED or REFERRED_OUT); their ids and one
     * SafetyEscalationResolved each, without the notes. Refused when none is open.
     */
    Reviewed review(EscalationStatus outcome, UUID clinicianId, String notes, Instant now) {
        if (!hasOpenEscalation()) {
            throw care.kit.domain.Refusal.conflict("no-open-escalation",
                    "There is no open safety escalation to review.");
        }
        SafetyEscalationResolved.Outcome resolved = outcome == EscalationStatus.CLEARED
                ? SafetyEscalationResolved.Outcome.CLEARED : SafetyEscalationResolved.Outcome.REFERRED_OUT;
        List<String> ids = new ArrayList<>();
        List<CareEvent> events = new ArrayList<>();
        escalations.replaceAll(escalation -> {
            if (!escalation.open()) {
                return escalation;
            }
            ids.add(escalation.escalationId());
            events.add(new SafetyEscalationResolved(UUID.randomUUID(), UUID.fromString(id), now,
                    UUID.fromString(escalation.escalationId()), resolved, clinicianId));
            return escalation.resolved(outcome, clinicianId.toString(), now, notes);
        });
        return new Reviewed(List.copyOf(ids), List.copyOf(events));
    }

    /** The escalations a review resolved and the events it causes. */
    record Reviewed(List<String> escalationIds, List<CareEvent> events) {
    }

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

package care.intake.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import care.contracts.CareEvent;
import care.contracts.intake.CareTeamChanged;
import care.contracts.intake.ConsultationRequested;
import care.contracts.intake.Contraindication;
import care.contracts.intake.ContraindicationFinding;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.EligibilityDeclined;
import care.intake.eligibility.EligibilityAssessment;
import care.intake.eligibility.EligibilityRules;
import care.intake.screening.ScreeningScore;
import care.kit.domain.Refusal;

/**
 * Consultations on a {@link Patient}'s record: requested once screened and consented with no open safety
 * escalation, decided by a clinician under the rule set in force, which each decision records. The clinician who
 * approves becomes the patient's responsible clinician in the same write.
 */
final class PatientConsultations {

    static final String NOT_YET = "Consultation not possible yet";

    private PatientConsultations() {
    }

    /** A decided consultation, the relative contraindications an approval accepted, and the events. */
    record Decided(Patient.Consultation consultation, List<Contraindication> acceptedRelativeContraindications,
            List<CareEvent> events) {
    }

    /** A consultation request: refused until screened, consented and clear of safety reviews, and while one is open. */
    static List<CareEvent> request(Patient patient, String consultationId, UUID programId, Instant now) {
        if (patient.latestScreening().isEmpty()) {
            throw Refusal.rule("screening-required", NOT_YET, "A screening must be completed first.");
        }
        if (!patient.consentGranted(Patient.ConsentType.TREATMENT)) {
            throw Refusal.rule("treatment-consent-required", NOT_YET, "Treatment consent must be given first.");
        }
        if (patient.hasOpenEscalation()) {
            throw Refusal.rule("safety-review-pending", NOT_YET,
                    "A clinician must review the open safety escalation before a consultation.");
        }
        if (patient.referredOut()) {
            throw Refusal.rule("referred-out", NOT_YET, "The safety review referred this patient to other care.");
        }
        if (patient.consultations.stream().anyMatch(c -> c.status() != Patient.ConsultationStatus.DECLINED)) {
            throw Refusal.conflict("consultation-exists",
                    "A consultation is already requested or approved for this patient.");
        }
        patient.consultations.add(new Patient.Consultation(consultationId, Patient.ConsultationStatus.REQUESTED, now,
                null, null, null, null, null, null, null));
        return List.of(new ConsultationRequested(UUID.randomUUID(), UUID.fromString(patient.id), now,
                UUID.fromString(consultationId), programId, patient.jurisdiction));
    }

    /** The consultation, refused unless it is requested and no safety escalation is open. */
    static Patient.Consultation decidable(Patient patient, String consultationId) {
        Patient.Consultation consultation = patient.consultation(consultationId)
                .orElseThrow(() -> Refusal.notFound("The consultation"));
        if (consultation.status() != Patient.ConsultationStatus.REQUESTED) {
            throw Refusal.conflict("already-decided", "This consultation has already been decided.");
        }
        if (patient.hasOpenEscalation()) {
            throw Refusal.rule("safety-review-pending", "Safety review pending",
                    "A clinician must review the open safety escalation before a decision.");
        }
        return consultation;
    }

    /**
     * Approves under the rule set ({@link EligibilityAssessment#checkApproval}: planned sessions, contraindications,
     * inclusion, a rationale for relative contraindications), making the clinician the responsible clinician.
     */
    static Decided approve(Patient patient, Patient.Consultation consultation, String clinicianId,
            int plannedSessions, String rationale, EligibilityRules rules, UUID programId, Instant now) {
        List<ContraindicationFinding> findings = findings(patient, rules, now);
        boolean rationaleGiven = rationale != null && !rationale.isBlank();
        EligibilityAssessment.checkApproval(rules, findings, score(patient.latestScreening().orElseThrow()),
                plannedSessions, rationaleGiven).ifPresent(refusal -> {
                    throw Refusal.rule(refusal, "The rule set " + rules.version() + " does not allow this approval.");
                });
        List<Contraindication> accepted = findings.stream()
                .filter(f -> f.severity() == Contraindication.Severity.RELATIVE)
                .map(ContraindicationFinding::code).toList();
        Patient.Consultation approved = new Patient.Consultation(consultation.consultationId(),
                Patient.ConsultationStatus.APPROVED, consultation.requestedAt(), clinicianId, now, plannedSessions,
                rationale, null, null, rules.version());
        patient.consultations.set(patient.consultations.indexOf(consultation), approved);
        List<CareEvent> events = new ArrayList<>();
        events.add(new EligibilityApproved(UUID.randomUUID(), UUID.fromString(patient.id), now,
                UUID.fromString(consultation.consultationId()), UUID.fromString(clinicianId), programId,
                plannedSessions, rules.version(), accepted));
        CareTeamChanges team = new CareTeamChanges(patient, now);
        team.assign(clinicianId, CareTeamChanged.Role.RESPONSIBLE_CLINICIAN);
        events.addAll(team.events());
        return new Decided(approved, accepted, events);
    }

    /**
     * Declines with the reasons (kept as given; the event names each once, in order) and the referral; the
     * findings go with the event.
     */
    static Decided decline(Patient patient, Patient.Consultation consultation, String clinicianId, String rationale,
            List<EligibilityDeclined.Reason> reasons, EligibilityDeclined.Referral referral, EligibilityRules rules,
            Instant now) {
        List<ContraindicationFinding> findings = findings(patient, rules, now);
        Patient.Consultation declined = new Patient.Consultation(consultation.consultationId(),
                Patient.ConsultationStatus.DECLINED, consultation.requestedAt(), clinicianId, now, null, rationale,
                reasons.stream().map(Enum::name).toList(), referral.name(), rules.version());
        patient.consultations.set(patient.consultations.indexOf(consultation), declined);
        return new Decided(declined, List.of(), List.of(new EligibilityDeclined(UUID.randomUUID(),
                UUID.fromString(patient.id), now, UUID.fromString(consultation.consultationId()),
                UUID.fromString(clinicianId), rules.version(), List.copyOf(new LinkedHashSet<>(reasons)),
                findings.stream().map(ContraindicationFinding::code).toList(), referral)));
    }

    /** The findings of the latest screening under this rule set, on the patient's local day. */
    private static List<ContraindicationFinding> findings(Patient patient, EligibilityRules rules, Instant now) {
        Patient.Screening screening = patient.latestScreening().orElseThrow();
        Set<Contraindication> reported = EnumSet.noneOf(Contraindication.class);
        screening.conditions().forEach(code -> reported.add(Contraindication.valueOf(code)));
        LocalDate today = LocalDate.ofInstant(now, ZoneId.of(patient.timeZone));
        return EligibilityAssessment.findings(rules, patient.dateOfBirth, today, reported, screening.systolic(),
                screening.diastolic(), screening.phq9Item9Positive());
    }

    private static ScreeningScore score(Patient.Screening screening) {
        return new ScreeningScore(screening.gad7Total(), screening.gad7Band(), screening.phq9Total(),
                screening.phq9Band(), screening.phq9Item9Positive());
    }
}

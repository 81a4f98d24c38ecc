package care.intake.patient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import care.kit.domain.Refusal;
import care.contracts.intake.Contraindication;
import care.contracts.intake.ContraindicationFinding;
import care.contracts.intake.ConsentRecorded;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;

/**
 * The screening and eligibility summary the care team works from (and a clinician licensed where the patient is,
 * while the patient waits for one): scores and codes, consent status, consultations and their decisions, safety
 * escalations. No answers, no free text (rationales, review notes).
 */
@RestController
class SummaryController {

    record Score(int total, String band) {
    }

    record Phq9Score(int total, String band, boolean item9Positive) {
    }

    record LatestScreening(String screeningId, Instant completedAt, Score gad7, Phq9Score phq9,
            List<Contraindication> contraindications) {
    }

    record ConsentStatus(Patient.ConsentType type, String status, Instant recordedAt) {
    }

    record ConsultationSummary(String consultationId, Patient.ConsultationStatus status, Instant requestedAt,
            String outcome, Integer plannedSessions, String ruleSetVersion, String decidedBy, Instant decidedAt) {
    }

    record EscalationSummary(String escalationId, Patient.EscalationStatus status, Instant raisedAt, int triggers,
            String reviewedBy, Instant reviewedAt) {
    }

    record Summary(String patientId, LatestScreening latestScreening, List<ConsentStatus> consents,
            List<ConsultationSummary> consultations, List<EscalationSummary> escalations, boolean referredOut) {
    }

    /** A consent type never recorded. */
    static final String NOT_RECORDED = "NOT_RECORDED";

    private final PatientAccess access;
    private final Patients patients;

    SummaryController(PatientAccess access, Patients patients) {
        this.access = access;
        this.patients = patients;
    }

    @GetMapping("/api/intake/patients/{patientId}/summary")
    @Allowed(permission = Permission.CLINICAL_SUMMARY_READ)
    Summary summary(@PathVariable String patientId, @AuthenticationPrincipal Jwt token) {
        Patient patient = patients.lookup(patientId).orElse(null);
        access.check(token, patientId, Permission.CLINICAL_SUMMARY_READ, "intake.summary.read")
                .triage(patient == null ? null : patient.jurisdiction, patient != null && patient.waitingForClinician())
                .require();
        if (patient == null) {
            throw Refusal.notFound("The patient");
        }
        LatestScreening latest = patient.latestScreening().map(screening -> new LatestScreening(
                screening.screeningId(), screening.completedAt(),
                new Score(screening.gad7Total(), screening.gad7Band().name()),
                new Phq9Score(screening.phq9Total(), screening.phq9Band().name(), screening.phq9Item9Positive()),
                screening.contraindications().stream().map(ContraindicationFinding::code).toList())).orElse(null);
        List<ConsentStatus> consents = new ArrayList<>();
        for (Patient.ConsentType type : Patient.ConsentType.values()) {
            consents.add(consent(patient, type));
        }
        List<ConsultationSummary> consultations = patient.consultations.stream()
                .map(c -> new ConsultationSummary(c.consultationId(), c.status(), c.requestedAt(),
                        c.status() == Patient.ConsultationStatus.REQUESTED ? null : c.status().name(),
                        c.plannedSessions(), c.ruleSetVersion(), c.decidedBy(), c.decidedAt()))
                .toList();
        List<EscalationSummary> escalations = patient.escalations.stream()
                .map(e -> new EscalationSummary(e.escalationId(), e.status(), e.raisedAt(), e.triggers().size(),
                        e.reviewedBy(), e.reviewedAt()))
                .toList();
        return new Summary(patient.id, latest, consents, consultations, escalations, patient.referredOut());
    }

    /** The latest decision of this type, as ConsentRecorded states it (ACTIVE, INACTIVE, REJECTED). */
    private static ConsentStatus consent(Patient patient, Patient.ConsentType type) {
        List<Patient.Consent> history = patient.consents.stream().filter(c -> c.type() == type).toList();
        if (history.isEmpty()) {
            return new ConsentStatus(type, NOT_RECORDED, null);
        }
        Patient.Consent latest = history.getLast();
        boolean everGranted = history.stream().anyMatch(Patient.Consent::granted);
        ConsentRecorded.Status status = latest.granted() ? ConsentRecorded.Status.ACTIVE
                : everGranted || history.size() > 1 ? ConsentRecorded.Status.INACTIVE : ConsentRecorded.Status.REJECTED;
        return new ConsentStatus(type, status.name(), latest.recordedAt());
    }
}

package care.intake.patient;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.intake.Contraindication;
import care.contracts.intake.ContraindicationFinding;
import care.contracts.intake.ConsultationRequested;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.EligibilityDeclined;
import care.intake.IntakeProperties;
import care.intake.clinician.Clinician;
import care.intake.clinician.Clinicians;
import care.intake.eligibility.ApprovalRefusal;
import care.intake.eligibility.EligibilityAssessment;
import care.intake.eligibility.EligibilityRules;
import care.intake.screening.ScreeningScore;
import care.kit.audit.AuditTrail;
import care.kit.problem.ProblemException;
import care.kit.security.Caller;

/**
 * Consultations: a patient (or their coordinator) asks for one once screened and consented with no open
 * safety escalation; clinicians work through the requests of their jurisdictions and decide eligibility
 * under the rule set in force, which each decision records.
 */
@RestController
class ConsultationController {

    enum Outcome {
        APPROVED, DECLINED
    }

    record Decision(@NotNull Outcome outcome, @Min(1) @Max(99) Integer plannedSessions, @Size(max = 4000) String rationale,
            @Size(max = 5) List<EligibilityDeclined.@NotNull Reason> reasons, EligibilityDeclined.Referral referral) {
    }

    record Requested(String consultationId, Patient.ConsultationStatus status) {
    }

    record WorklistItem(String consultationId, String patientId, String jurisdiction, Instant requestedAt,
            Patient.ConsultationStatus status) {
    }

    record Worklist(List<WorklistItem> items, int page, int size) {
    }

    record Decided(String consultationId, Patient.ConsultationStatus status, String ruleSetVersion,
            List<Contraindication> acceptedRelativeContraindications) {
    }

    private final Patients patients;
    private final PatientAccess access;
    private final Clinicians clinicians;
    private final EligibilityRules rules;
    private final IntakeProperties properties;
    private final MongoTemplate mongo;
    private final AuditTrail audit;
    private final Clock clock;

    ConsultationController(Patients patients, PatientAccess access, Clinicians clinicians, EligibilityRules rules,
            IntakeProperties properties, MongoTemplate mongo, AuditTrail audit, Clock clock) {
        this.patients = patients;
        this.access = access;
        this.clinicians = clinicians;
        this.rules = rules;
        this.properties = properties;
        this.mongo = mongo;
        this.audit = audit;
        this.clock = clock;
    }

    @PostMapping("/api/intake/patients/{patientId}/consultations")
    ResponseEntity<Requested> request(@PathVariable String patientId, @AuthenticationPrincipal Jwt token) {
        access.check(token, patientId, "request consultation");
        String consultationId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        patients.update(patientId, patient -> {
            if (patient.latestScreening().isEmpty()) {
                throw precondition("screening-required", "A screening must be completed first.");
            }
            if (!patient.consentGranted(Patient.ConsentType.TREATMENT)) {
                throw precondition("treatment-consent-required", "Treatment consent must be given first.");
            }
            if (patient.hasOpenEscalation()) {
                throw precondition("safety-review-pending",
                        "A clinician must review the open safety escalation before a consultation.");
            }
            if (patient.referredOut()) {
                throw precondition("referred-out", "The safety review referred this patient to other care.");
            }
            if (patient.consultations.stream().anyMatch(c -> c.status() != Patient.ConsultationStatus.DECLINED)) {
                throw ProblemException.conflict("consultation-exists",
                        "A consultation is already requested or approved for this patient.");
            }
            patient.consultations.add(new Patient.Consultation(consultationId, Patient.ConsultationStatus.REQUESTED,
                    now, null, null, null, null, null, null, null));
            return List.of(new ConsultationRequested(UUID.randomUUID(), UUID.fromString(patient.id), now,
                    UUID.fromString(consultationId), properties.programId(), patient.jurisdiction));
        });
        return ResponseEntity.created(URI.create("/api/intake/consultations/" + consultationId))
                .body(new Requested(consultationId, Patient.ConsultationStatus.REQUESTED));
    }

    @GetMapping("/api/intake/consultations")
    @PreAuthorize("hasRole('CLINICIAN')")
    Worklist worklist(@RequestParam(defaultValue = "REQUESTED") Patient.ConsultationStatus status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size, @AuthenticationPrincipal Jwt token) {
        Clinician clinician = registeredClinician(token);
        List<Document> pipeline = List.of(
                new Document("$match", new Document("jurisdiction", new Document("$in", clinician.licensedJurisdictions()))
                        .append("consultations.status", status.name())),
                new Document("$unwind", "$consultations"),
                new Document("$match", new Document("consultations.status", status.name())),
                new Document("$sort", new Document("consultations.requestedAt", 1).append("_id", 1)),
                new Document("$skip", page * size),
                new Document("$limit", size));
        List<WorklistItem> items = new ArrayList<>();
        for (Document row : mongo.getCollection("patients").aggregate(pipeline)) {
            Document consultation = row.get("consultations", Document.class);
            items.add(new WorklistItem(consultation.getString("consultationId"), row.getString("_id"),
                    row.getString("jurisdiction"), consultation.getDate("requestedAt").toInstant(), status));
        }
        return new Worklist(items, page, size);
    }

    @PostMapping("/api/intake/consultations/{consultationId}/decision")
    @PreAuthorize("hasRole('CLINICIAN')")
    Decided decide(@PathVariable String consultationId, @Valid @RequestBody Decision decision,
            @AuthenticationPrincipal Jwt token) {
        Clinician clinician = registeredClinician(token);
        String patientId = patients.byConsultation(consultationId).id();
        Instant now = clock.instant();
        AtomicReference<Decided> decided = new AtomicReference<>();
        patients.update(patientId, patient -> {
            Patient.Consultation consultation = patient.consultation(consultationId)
                    .orElseThrow(() -> ProblemException.notFound("The consultation"));
            if (!clinician.licensedIn(patient.jurisdiction)) {
                audit.record(Caller.from(token).subject(), "decide consultation", patientId, AuditTrail.Outcome.DENIED);
                throw ProblemException.forbidden("not-licensed-in-jurisdiction",
                        "Only a clinician licensed in the patient's jurisdiction may decide.");
            }
            if (consultation.status() != Patient.ConsultationStatus.REQUESTED) {
                throw ProblemException.conflict("already-decided", "This consultation has already been decided.");
            }
            Patient.Screening screening = patient.latestScreening().orElseThrow();
            LocalDate today = LocalDate.ofInstant(now, ZoneId.of(patient.timeZone));
            List<ContraindicationFinding> findings = EligibilityAssessment.findings(rules, patient.dateOfBirth, today,
                    reported(screening), screening.systolic(), screening.diastolic(), screening.phq9Item9Positive());
            UUID id = UUID.fromString(patient.id);
            UUID clinicianId = UUID.fromString(clinician.id());
            int index = patient.consultations.indexOf(consultation);
            if (decision.outcome() == Outcome.APPROVED) {
                if (decision.plannedSessions() == null) {
                    throw invalid("plannedSessions", "is required to approve");
                }
                boolean rationale = decision.rationale() != null && !decision.rationale().isBlank();
                ApprovalRefusal refusal = EligibilityAssessment.checkApproval(rules, findings, score(screening),
                        decision.plannedSessions(), rationale).orElse(null);
                if (refusal != null) {
                    throw ProblemException.unprocessable(refusal.problemType(), refusal.title(),
                            "The rule set " + rules.version() + " does not allow this approval.");
                }
                List<Contraindication> accepted = findings.stream()
                        .filter(f -> f.severity() == Contraindication.Severity.RELATIVE)
                        .map(ContraindicationFinding::code).toList();
                patient.consultations.set(index, new Patient.Consultation(consultationId,
                        Patient.ConsultationStatus.APPROVED, consultation.requestedAt(), clinician.id(), now,
                        decision.plannedSessions(), decision.rationale(), null, null, rules.version()));
                decided.set(new Decided(consultationId, Patient.ConsultationStatus.APPROVED, rules.version(), accepted));
                return List.of(new EligibilityApproved(UUID.randomUUID(), id, now, UUID.fromString(consultationId),
                        clinicianId, properties.programId(), decision.plannedSessions(), rules.version(), accepted));
            }
            if (decision.reasons() == null || decision.reasons().isEmpty()) {
                throw invalid("reasons", "must name at least one reason to decline");
            }
            if (decision.referral() == null) {
                throw invalid("referral", "is required to decline");
            }
            patient.consultations.set(index, new Patient.Consultation(consultationId,
                    Patient.ConsultationStatus.DECLINED, consultation.requestedAt(), clinician.id(), now, null,
                    decision.rationale(), decision.reasons().stream().map(Enum::name).toList(),
                    decision.referral().name(), rules.version()));
            decided.set(new Decided(consultationId, Patient.ConsultationStatus.DECLINED, rules.version(), List.of()));
            return List.of(new EligibilityDeclined(UUID.randomUUID(), id, now, UUID.fromString(consultationId),
                    clinicianId, rules.version(), List.copyOf(new java.util.LinkedHashSet<>(decision.reasons())),
                    findings.stream().map(ContraindicationFinding::code).toList(), decision.referral()));
        });
        return decided.get();
    }

    private Clinician registeredClinician(Jwt token) {
        String subject = Caller.from(token).subject();
        String id;
        try {
            id = UUID.fromString(subject).toString();
        } catch (IllegalArgumentException e) {
            throw ProblemException.forbidden("clinician-not-registered", "The caller is not a registered clinician.");
        }
        return clinicians.find(id).orElseThrow(() -> ProblemException.forbidden("clinician-not-registered",
                "The caller is not a registered clinician."));
    }

    private static java.util.Set<Contraindication> reported(Patient.Screening screening) {
        java.util.Set<Contraindication> codes = java.util.EnumSet.noneOf(Contraindication.class);
        screening.conditions().forEach(code -> codes.add(Contraindication.valueOf(code)));
        return codes;
    }

    private static ScreeningScore score(Patient.Screening screening) {
        return new ScreeningScore(screening.gad7Total(), screening.gad7Band(), screening.phq9Total(),
                screening.phq9Band(), screening.phq9Item9Positive());
    }

    private static ProblemException precondition(String kind, String detail) {
        return ProblemException.unprocessable(kind, "Consultation not possible yet", detail);
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.invalid(List.of(new care.kit.problem.FieldError(field, message)));
    }
}

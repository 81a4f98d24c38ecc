package care.intake.patient;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.CareEvent;
import care.contracts.intake.CareTeamChanged;
import care.contracts.intake.Contraindication;
import care.contracts.intake.ContraindicationFinding;
import care.contracts.intake.ConsultationRequested;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.EligibilityDeclined;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.intake.IntakeProperties;
import care.intake.eligibility.ApprovalRefusal;
import care.intake.eligibility.EligibilityAssessment;
import care.intake.eligibility.EligibilityRules;
import care.intake.screening.ScreeningScore;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;
import care.kit.access.StaffMember;
import care.kit.problem.ProblemException;
import care.kit.security.Role;

/**
 * Consultations: a patient (or their coordinator) asks for one once screened and consented with no open
 * safety escalation; registered clinicians work through the requests of the jurisdictions they are licensed in
 * and decide eligibility under the rule set in force, which each decision records. The clinician who approves
 * becomes the patient's responsible clinician in the same write.
 */
@RestController
class ConsultationController {

    static final String WORKLIST = "intake.consultation.list";

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
    private final EligibilityRules rules;
    private final IntakeProperties properties;
    private final MongoTemplate mongo;
    private final Clock clock;

    ConsultationController(Patients patients, PatientAccess access, EligibilityRules rules,
            IntakeProperties properties, MongoTemplate mongo, Clock clock) {
        this.patients = patients;
        this.access = access;
        this.rules = rules;
        this.properties = properties;
        this.mongo = mongo;
        this.clock = clock;
    }

    @PostMapping("/api/intake/patients/{patientId}/consultations")
    @Allowed(permission = Permission.CONSULTATION_REQUEST)
    ResponseEntity<Requested> request(@PathVariable String patientId, @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId, Permission.CONSULTATION_REQUEST,
                "intake.consultation.request").require();
        String consultationId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        patients.update(decision.patientId(), patient -> {
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

    /**
     * The consultations of the jurisdictions the registered clinician is licensed in, oldest first: those of
     * patients waiting for a clinician (a requested consultation, an open safety escalation), each listed
     * patient's access recorded before the answer.
     */
    @GetMapping("/api/intake/consultations")
    @Allowed(roles = Role.CLINICIAN, permission = Permission.CONSULTATION_DECIDE,
            note = "a registered clinician; lists the patients they may decide for, in the jurisdictions they are "
                    + "licensed in")
    Worklist worklist(@RequestParam(defaultValue = "REQUESTED") Patient.ConsultationStatus status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size, @AuthenticationPrincipal Jwt token) {
        StaffMember clinician = access.requireStaff(token, StaffRole.CLINICIAN, WORKLIST);
        List<Document> pipeline = List.of(
                new Document("$match", new Document("jurisdiction", new Document("$in", clinician.licensedJurisdictions()))
                        .append("consultations.status", status.name())),
                new Document("$unwind", "$consultations"),
                new Document("$match", new Document("consultations.status", status.name())),
                new Document("$sort", new Document("consultations.requestedAt", 1).append("_id", 1)),
                new Document("$skip", page * size),
                new Document("$limit", size));
        List<Document> rows = mongo.getCollection("patients").aggregate(pipeline).into(new ArrayList<>());
        Set<String> waiting = status == Patient.ConsultationStatus.REQUESTED
                ? rows.stream().map(row -> row.getString("_id")).collect(Collectors.toSet())
                : waitingForClinician(rows.stream().map(row -> row.getString("_id")).toList());
        List<WorklistItem> items = access.visible(rows, row -> row.getString("_id"), row -> access.check(token,
                row.getString("_id"), Permission.CONSULTATION_DECIDE, WORKLIST)
                .triage(row.getString("jurisdiction"), waiting.contains(row.getString("_id")))).stream()
                .map(row -> {
                    Document consultation = row.get("consultations", Document.class);
                    return new WorklistItem(consultation.getString("consultationId"), row.getString("_id"),
                            row.getString("jurisdiction"), consultation.getDate("requestedAt").toInstant(), status);
                }).toList();
        return new Worklist(items, page, size);
    }

    /** Of these patients, those waiting for a clinician: a requested consultation or an open safety escalation. */
    private Set<String> waitingForClinician(List<String> patientIds) {
        Document waiting = new Document("_id", new Document("$in", patientIds)).append("$or", List.of(
                new Document("consultations.status", Patient.ConsultationStatus.REQUESTED.name()),
                new Document("escalations.status", Patient.EscalationStatus.OPEN.name())));
        Set<String> ids = new HashSet<>();
        mongo.getCollection("patients").find(waiting).projection(new Document("_id", 1))
                .forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }

    /**
     * A registered clinician licensed in the patient's jurisdiction decides a consultation while the patient waits
     * for one; not while a safety escalation is open.
     */
    @PostMapping("/api/intake/consultations/{consultationId}/decision")
    @Allowed(permission = Permission.CONSULTATION_DECIDE,
            note = "a registered clinician licensed in the patient's jurisdiction, while the patient waits for one")
    Decided decide(@PathVariable String consultationId, @Valid @RequestBody Decision decision,
            @AuthenticationPrincipal Jwt token) {
        Patient known = patients.byConsultation(consultationId);
        AccessDecision allowed = access.check(token, known.id(), Permission.CONSULTATION_DECIDE,
                "intake.consultation.decide").resource("The consultation", consultationId)
                .triage(known.jurisdiction, known.waitingForClinician()).require();
        String clinicianId = UUID.fromString(allowed.caller().subject()).toString();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        AtomicReference<Decided> decided = new AtomicReference<>();
        patients.update(allowed.patientId(), patient -> {
            Patient.Consultation consultation = patient.consultation(consultationId)
                    .orElseThrow(() -> ProblemException.notFound("The consultation"));
            if (consultation.status() != Patient.ConsultationStatus.REQUESTED) {
                throw ProblemException.conflict("already-decided", "This consultation has already been decided.");
            }
            if (patient.hasOpenEscalation()) {
                throw ProblemException.unprocessable("safety-review-pending", "Safety review pending",
                        "A clinician must review the open safety escalation before a decision.");
            }
            Patient.Screening screening = patient.latestScreening().orElseThrow();
            LocalDate today = LocalDate.ofInstant(now, ZoneId.of(patient.timeZone));
            List<ContraindicationFinding> findings = EligibilityAssessment.findings(rules, patient.dateOfBirth, today,
                    reported(screening), screening.systolic(), screening.diastolic(), screening.phq9Item9Positive());
            UUID id = UUID.fromString(patient.id);
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
                        Patient.ConsultationStatus.APPROVED, consultation.requestedAt(), clinicianId, now,
                        decision.plannedSessions(), decision.rationale(), null, null, rules.version()));
                decided.set(new Decided(consultationId, Patient.ConsultationStatus.APPROVED, rules.version(), accepted));
                List<CareEvent> events = new ArrayList<>();
                events.add(new EligibilityApproved(UUID.randomUUID(), id, now, UUID.fromString(consultationId),
                        UUID.fromString(clinicianId), properties.programId(), decision.plannedSessions(),
                        rules.version(), accepted));
                CareTeamChanges team = new CareTeamChanges(patient, now);
                team.assign(clinicianId, CareTeamChanged.Role.RESPONSIBLE_CLINICIAN);
                events.addAll(team.events());
                return events;
            }
            if (decision.reasons() == null || decision.reasons().isEmpty()) {
                throw invalid("reasons", "must name at least one reason to decline");
            }
            if (decision.referral() == null) {
                throw invalid("referral", "is required to decline");
            }
            patient.consultations.set(index, new Patient.Consultation(consultationId,
                    Patient.ConsultationStatus.DECLINED, consultation.requestedAt(), clinicianId, now, null,
                    decision.rationale(), decision.reasons().stream().map(Enum::name).toList(),
                    decision.referral().name(), rules.version()));
            decided.set(new Decided(consultationId, Patient.ConsultationStatus.DECLINED, rules.version(), List.of()));
            return List.of(new EligibilityDeclined(UUID.randomUUID(), id, now, UUID.fromString(consultationId),
                    UUID.fromString(clinicianId), rules.version(), List.copyOf(new java.util.LinkedHashSet<>(decision.reasons())),
                    findings.stream().map(ContraindicationFinding::code).toList(), decision.referral()));
        });
        return decided.get();
    }

    private static Set<Contraindication> reported(Patient.Screening screening) {
        Set<Contraindication> codes = java.util.EnumSet.noneOf(Contraindication.class);
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

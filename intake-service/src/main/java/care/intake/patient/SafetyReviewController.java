package care.intake.patient;

import java.time.Clock;
import java.time.Instant;
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
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.CareEvent;
import care.contracts.intake.SafetyEscalationResolved;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.StaffMember;
import care.kit.access.Permission;
import care.kit.problem.ProblemException;
import care.kit.security.Role;

/**
 * A clinician's structured suicide-risk review resolves the open escalation: CLEARED lets the intake and a
 * paused plan continue (item 9 then counts as a relative contraindication), REFER_OUT ends it with a referral.
 * Only a registered clinician licensed in the patient's jurisdiction reviews (while the patient waits for one);
 * SafetyEscalationResolved tells the other services, without the notes.
 */
@RestController
class SafetyReviewController {

    enum Outcome {
        CLEARED, REFER_OUT
    }

    record ReviewRequest(@NotNull Outcome outcome, @Size(max = 4000) String notes) {
    }

    record ReviewView(List<String> resolvedEscalations, Patient.EscalationStatus status, Instant reviewedAt) {
    }

    /** An open escalation waiting for a review: no answers, no notes, only what a worklist needs to order it. */
    record OpenEscalation(String escalationId, String patientId, String jurisdiction, Instant raisedAt,
            int triggers) {
    }

    record OpenEscalations(List<OpenEscalation> items, int page, int size) {
    }

    static final String LIST = "intake.safety-escalation.list";

    private final Patients patients;
    private final PatientAccess access;
    private final MongoTemplate mongo;
    private final Clock clock;

    SafetyReviewController(Patients patients, PatientAccess access, MongoTemplate mongo, Clock clock) {
        this.patients = patients;
        this.access = access;
        this.mongo = mongo;
        this.clock = clock;
    }

    /**
     * The open safety escalations a clinician may review: patients in the jurisdictions they are licensed in,
     * oldest first, each listed patient's access recorded before the answer. A clinician's worklist puts these
     * before anything else.
     */
    @GetMapping("/api/intake/safety-escalations")
    @Allowed(roles = Role.CLINICIAN, permission = Permission.SAFETY_REVIEW,
            note = "a registered clinician; the open escalations of patients in the jurisdictions they are licensed in")
    OpenEscalations open(@RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size, @AuthenticationPrincipal Jwt token) {
        StaffMember clinician = access.requireStaff(token, StaffRole.CLINICIAN, LIST);
        String open = Patient.EscalationStatus.OPEN.name();
        List<Document> pipeline = List.of(
                new Document("$match", new Document("jurisdiction", new Document("$in", clinician.licensedJurisdictions()))
                        .append("escalations.status", open)),
                new Document("$unwind", "$escalations"),
                new Document("$match", new Document("escalations.status", open)),
                new Document("$sort", new Document("escalations.raisedAt", 1).append("_id", 1)),
                new Document("$skip", page * size),
                new Document("$limit", size));
        List<Document> rows = mongo.getCollection("patients").aggregate(pipeline).into(new ArrayList<>());
        List<OpenEscalation> items = access.visible(rows, row -> row.getString("_id"), row -> access.check(token,
                row.getString("_id"), Permission.SAFETY_REVIEW, LIST).triage(row.getString("jurisdiction"), true))
                .stream().map(row -> {
                    Document escalation = row.get("escalations", Document.class);
                    List<?> triggers = escalation.getList("triggers", Object.class);
                    return new OpenEscalation(escalation.getString("escalationId"), row.getString("_id"),
                            row.getString("jurisdiction"), escalation.getDate("raisedAt").toInstant(),
                            triggers == null || triggers.isEmpty() ? 1 : triggers.size());
                }).toList();
        return new OpenEscalations(items, page, size);
    }

    @PostMapping("/api/intake/patients/{patientId}/safety-reviews")
    @Allowed(permission = Permission.SAFETY_REVIEW,
            note = "a registered clinician licensed in the patient's jurisdiction, while the patient waits for one")
    @ResponseStatus(HttpStatus.CREATED)
    ReviewView review(@PathVariable String patientId, @Valid @RequestBody ReviewRequest request,
            @AuthenticationPrincipal Jwt token) {
        Patient known = patients.lookup(patientId).orElse(null);
        AccessDecision decision = access.check(token, patientId, Permission.SAFETY_REVIEW,
                "intake.safety-review.record")
                .triage(known == null ? null : known.jurisdiction, known != null && known.waitingForClinician())
                .require();
        if (known == null) {
            throw ProblemException.notFound("The patient");
        }
        UUID clinicianId = UUID.fromString(decision.caller().subject());
        String reviewer = clinicianId.toString();
        Instant now = clock.instant();
        Patient.EscalationStatus status = request.outcome() == Outcome.CLEARED ? Patient.EscalationStatus.CLEARED
                : Patient.EscalationStatus.REFERRED_OUT;
        SafetyEscalationResolved.Outcome outcome = request.outcome() == Outcome.CLEARED
                ? SafetyEscalationResolved.Outcome.CLEARED : SafetyEscalationResolved.Outcome.REFERRED_OUT;
        AtomicReference<List<String>> resolved = new AtomicReference<>();
        patients.update(decision.patientId(), patient -> {
            if (!patient.hasOpenEscalation()) {
                throw ProblemException.conflict("no-open-escalation", "There is no open safety escalation to review.");
            }
            List<String> ids = new ArrayList<>();
            List<CareEvent> events = new ArrayList<>();
            patient.escalations.replaceAll(escalation -> {
                if (!escalation.open()) {
                    return escalation;
                }
                ids.add(escalation.escalationId());
                events.add(new SafetyEscalationResolved(UUID.randomUUID(), UUID.fromString(patient.id), now,
                        UUID.fromString(escalation.escalationId()), outcome, clinicianId));
                return escalation.resolved(status, reviewer, now, request.notes());
            });
            resolved.set(ids);
            return events;
        });
        return new ReviewView(resolved.get(), status, now);
    }
}

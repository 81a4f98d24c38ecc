package care.intake.patient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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

import care.kit.domain.Refusal;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.StaffMember;
import care.kit.access.Permission;
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
    private final SafetyReviews reviews;
    private final IntakeWorklists worklists;
    private final PatientAccess access;

    SafetyReviewController(Patients patients, SafetyReviews reviews, IntakeWorklists worklists, PatientAccess access) {
        this.patients = patients;
        this.reviews = reviews;
        this.worklists = worklists;
        this.access = access;
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
        List<IntakeWorklists.EscalationRow> rows = worklists.openEscalations(clinician.licensedJurisdictions(), page,
                size);
        List<OpenEscalation> items = access.visible(rows, IntakeWorklists.EscalationRow::patientId,
                row -> access.check(token, row.patientId(), Permission.SAFETY_REVIEW, LIST)
                        .triage(row.jurisdiction(), true))
                .stream().map(row -> new OpenEscalation(row.escalationId(), row.patientId(), row.jurisdiction(),
                        row.raisedAt(), row.triggers()))
                .toList();
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
            throw Refusal.notFound("The patient");
        }
        UUID clinicianId = UUID.fromString(decision.caller().subject());
        Patient.EscalationStatus outcome = request.outcome() == Outcome.CLEARED ? Patient.EscalationStatus.CLEARED
                : Patient.EscalationStatus.REFERRED_OUT;
        SafetyReviews.Recorded recorded = reviews.review(decision.patientId(), clinicianId, outcome, request.notes());
        return new ReviewView(recorded.reviewed().escalationIds(), recorded.status(), recorded.reviewedAt());
    }
}

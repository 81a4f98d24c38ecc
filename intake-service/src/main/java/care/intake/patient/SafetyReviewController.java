package care.intake.patient;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.CareEvent;
import care.contracts.intake.SafetyEscalationResolved;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;
import care.kit.problem.ProblemException;

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

    private final Patients patients;
    private final PatientAccess access;
    private final Clock clock;

    SafetyReviewController(Patients patients, PatientAccess access, Clock clock) {
        this.patients = patients;
        this.access = access;
        this.clock = clock;
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

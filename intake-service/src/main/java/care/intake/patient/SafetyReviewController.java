package care.intake.patient;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import care.kit.problem.ProblemException;

/**
 * A clinician's structured suicide-risk review resolves the open escalations: CLEARED lets the intake
 * continue (item 9 then counts as a relative contraindication), REFER_OUT ends it with a referral.
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
    @PreAuthorize("hasRole('CLINICIAN')")
    @ResponseStatus(HttpStatus.CREATED)
    ReviewView review(@PathVariable String patientId, @Valid @RequestBody ReviewRequest request,
            @AuthenticationPrincipal Jwt token) {
        String reviewer = access.check(token, patientId, "safety review").subject();
        Instant now = clock.instant();
        Patient.EscalationStatus status = request.outcome() == Outcome.CLEARED ? Patient.EscalationStatus.CLEARED
                : Patient.EscalationStatus.REFERRED_OUT;
        AtomicReference<List<String>> resolved = new AtomicReference<>();
        patients.update(patientId, patient -> {
            if (!patient.hasOpenEscalation()) {
                throw ProblemException.conflict("no-open-escalation", "There is no open safety escalation to review.");
            }
            resolved.set(patient.escalations.stream().filter(Patient.SafetyEscalation::open)
                    .map(Patient.SafetyEscalation::escalationId).toList());
            patient.escalations.replaceAll(escalation -> escalation.open()
                    ? new Patient.SafetyEscalation(escalation.escalationId(), escalation.screeningId(),
                            escalation.raisedAt(), status, reviewer, now, request.notes())
                    : escalation);
            return List.of();
        });
        return new ReviewView(resolved.get(), status, now);
    }
}

package care.scheduling.booking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.scheduling.AppointmentKind;
import care.kit.access.AccessCheck;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;
import care.kit.access.Relationship;
import care.kit.domain.Refusal;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;
import care.scheduling.placement.Placement;
import care.scheduling.plan.PlanQueries;
import care.scheduling.plan.PlanService;
import care.scheduling.plan.TreatmentPlan;

/**
 * A patient's plan with the state of each session, for whoever may read the patient's schedule (a provider booked
 * in the plan included); the responsible clinician (or an emergency access, for missed appointments only)
 * resumes a paused plan.
 */
@RestController
class PlanController {

    enum SessionStatus {
        UNSCHEDULED, SCHEDULED, FULFILLED, MISSED
    }

    record AppointmentRef(String appointmentId, String providerId, Instant start, Instant end) {
    }

    record SessionView(int number, SessionStatus status, AppointmentRef appointment) {
    }

    record PlanView(String planId, String patientId, TreatmentPlan.Status status, int plannedSessions,
            List<SessionView> sessions) {
    }

    /** Why the clinician resumes the plan; required after a severe adverse event, kept in scheduling only. */
    record ResumeRequest(String rationale) {
    }

    private final PlanQueries plans;
    private final PlanService planService;
    private final AppointmentQueries appointments;
    private final PatientAccess access;

    PlanController(PlanQueries plans, PlanService planService, AppointmentQueries appointments,
            PatientAccess access) {
        this.plans = plans;
        this.planService = planService;
        this.appointments = appointments;
        this.access = access;
    }

    @GetMapping("/api/scheduling/patients/{patientId}/plan")
    @Allowed(permission = Permission.SCHEDULE_READ)
    PlanView plan(@PathVariable UUID patientId, @AuthenticationPrincipal Jwt token) {
        Optional<TreatmentPlan> plan = plans.currentFor(patientId.toString());
        List<Appointment> booked = plan.map(current -> appointments.ofPlan(current.id())).orElse(List.of());
        AccessCheck check = access.check(token, patientId.toString(), Permission.SCHEDULE_READ, "scheduling.plan.read")
                .notFound("The treatment plan");
        booked.stream().filter(appointment -> appointment.status() != Appointment.Status.CANCELLED)
                .forEach(appointment -> check.bookedProvider(appointment.providerId(),
                        Placement.providerRole(appointment.kind())));
        check.require();
        return view(plan.orElseThrow(() -> Refusal.notFound("The treatment plan")), booked);
    }

    @PostMapping("/api/scheduling/patients/{patientId}/plan/resume")
    @Allowed(permission = Permission.PLAN_RESUME,
            note = "then the plan's rules: after a safety escalation or a severe adverse event, only the responsible "
                    + "clinician")
    PlanView resume(@PathVariable UUID patientId, @RequestBody(required = false) ResumeRequest request,
            @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId.toString(), Permission.PLAN_RESUME,
                "scheduling.plan.resume")
                .notFound("The treatment plan").require();
        String rationale = request == null ? null : request.rationale();
        if (rationale != null && rationale.codePointCount(0, rationale.length()) > TreatmentPlan.RATIONALE_MAX) {
            throw ProblemException.invalid(List.of(new FieldError("rationale",
                    "must be 1 to " + TreatmentPlan.RATIONALE_MAX + " characters")));
        }
        TreatmentPlan plan = plans.currentFor(decision.patientId())
                .orElseThrow(() -> Refusal.notFound("The treatment plan"));
        TreatmentPlan resumed;
        try {
            resumed = planService.resume(plan.id(), new TreatmentPlan.Resumer(
                    StaffIds.canonical(decision.caller().subject()), decision.is(Relationship.RESPONSIBLE_CLINICIAN),
                    decision.basis().name(), rationale));
        } catch (TreatmentPlan.RationaleRequired missing) {
            throw ProblemException.invalid(List.of(new FieldError("rationale", missing.getMessage())));
        }
        return view(resumed, appointments.ofPlan(resumed.id()));
    }

    private static PlanView view(TreatmentPlan plan, List<Appointment> appointments) {
        List<SessionView> sessions = new ArrayList<>();
        for (int number = 1; number <= plan.plannedSessions(); number++) {
            int session = number;
            Appointment booked = appointments.stream().filter(a -> a.kind() == AppointmentKind.DOSING_SESSION
                    && Integer.valueOf(session).equals(a.sessionNumber())
                    && (a.status() == Appointment.Status.BOOKED || a.status() == Appointment.Status.FULFILLED))
                    .findFirst().orElse(null);
            SessionStatus status = plan.fulfilledSessions().contains(number) ? SessionStatus.FULFILLED
                    : booked != null ? SessionStatus.SCHEDULED : SessionStatus.UNSCHEDULED;
            sessions.add(new SessionView(number, status, booked == null ? null
                    : new AppointmentRef(booked.id(), booked.providerId(), booked.start(), booked.end())));
        }
        return new PlanView(plan.id(), plan.patientId(), plan.status(), plan.plannedSessions(), sessions);
    }
}

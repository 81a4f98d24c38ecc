package care.scheduling.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.scheduling.AppointmentKind;
import care.kit.problem.ProblemException;
import care.kit.security.Caller;
import care.kit.security.Role;
import care.scheduling.booking.Appointment;
import care.scheduling.booking.Bookings;

/** A patient's plan with the state of each session; clinicians resume a paused plan. */
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

    private final Plans plans;
    private final Bookings bookings;

    PlanController(Plans plans, Bookings bookings) {
        this.plans = plans;
        this.bookings = bookings;
    }

    @GetMapping("/api/scheduling/patients/{patientId}/plan")
    PlanView plan(@PathVariable String patientId, @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.from(token);
        if (!caller.isPatient(patientId) && !caller.has(Role.CLINICIAN) && !caller.has(Role.COORDINATOR)
                && !caller.has(Role.COACH)) {
            throw caller.has(Role.PATIENT) ? ProblemException.notFound("The treatment plan")
                    : ProblemException.forbidden("forbidden", "The caller is not allowed to do this.");
        }
        TreatmentPlan plan = plans.currentFor(patientId).orElseThrow(() -> ProblemException.notFound("The treatment plan"));
        List<Appointment> appointments = bookings.ofPlan(plan.id());
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

    @PostMapping("/api/scheduling/patients/{patientId}/plan/resume")
    @PreAuthorize("hasRole('CLINICIAN')")
    PlanView resume(@PathVariable String patientId, @AuthenticationPrincipal Jwt token) {
        TreatmentPlan plan = plans.currentFor(patientId).orElseThrow(() -> ProblemException.notFound("The treatment plan"));
        String clinician = Caller.from(token).subject();
        try {
            java.util.UUID.fromString(clinician);
        } catch (IllegalArgumentException e) {
            throw ProblemException.forbidden("clinician-id-required", "The clinician's provider id must be a UUID.");
        }
        plans.resume(plan.id(), clinician);
        return plan(patientId, token);
    }
}

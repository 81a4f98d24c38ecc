package care.scheduling.booking;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.ChangeInitiator;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;
import care.kit.security.Caller;
import care.kit.security.Role;

/**
 * Appointments. Patients act on their own, providers on appointments with them, coordinators on all; a
 * patient reaching for someone else's appointment gets 404.
 */
@RestController
class AppointmentController {

    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    record BookingRequest(@NotBlank @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String patientId,
            @NotNull AppointmentKind type, @NotBlank @Size(max = 64) String providerId, @NotNull Instant start,
            @Min(1) @Max(8) Integer sessionNumber) {
    }

    record RescheduleRequest(@NotNull Instant start) {
    }

    record CancelRequest(@NotNull AppointmentCancelled.Reason reason) {
    }

    record AppointmentView(String appointmentId, String patientId, String providerId, AppointmentKind type,
            Integer sessionNumber, Appointment.Status status, Instant start, Instant end, boolean late) {

        static AppointmentView of(Appointment appointment) {
            return new AppointmentView(appointment.id, appointment.patientId, appointment.providerId, appointment.kind,
                    appointment.sessionNumber, appointment.status, appointment.start, appointment.end,
                    appointment.bookedLate || appointment.changedLate);
        }
    }

    private final Bookings bookings;

    AppointmentController(Bookings bookings) {
        this.bookings = bookings;
    }

    @PostMapping("/api/scheduling/appointments")
    ResponseEntity<AppointmentView> book(@Valid @RequestBody BookingRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 128) String idempotencyKey,
            @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.from(token);
        boolean provider = (caller.has(Role.CLINICIAN) || caller.has(Role.COACH)) && caller.subject().equals(request.providerId());
        if (!caller.isPatient(request.patientId()) && !caller.has(Role.COORDINATOR) && !provider) {
            throw ProblemException.forbidden("forbidden", "Patients book their own appointments.");
        }
        if (request.type() == AppointmentKind.DOSING_SESSION && request.sessionNumber() == null) {
            throw ProblemException.invalid(List.of(new FieldError("sessionNumber", "is required for a dosing session")));
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 128)) {
            throw ProblemException.invalid(List.of(new FieldError("Idempotency-Key", "must be 1 to 128 characters")));
        }
        Appointment appointment = bookings.book(new Bookings.Request(request.patientId().toLowerCase(), request.type(),
                request.providerId(), request.start(), request.sessionNumber()), caller.subject(), idempotencyKey,
                initiator(caller));
        return ResponseEntity.created(URI.create("/api/scheduling/appointments/" + appointment.id))
                .body(AppointmentView.of(appointment));
    }

    @PostMapping("/api/scheduling/appointments/{appointmentId}/reschedule")
    AppointmentView reschedule(@PathVariable String appointmentId, @Valid @RequestBody RescheduleRequest request,
            @AuthenticationPrincipal Jwt token) {
        Caller caller = allowed(appointmentId, token, true);
        return AppointmentView.of(bookings.reschedule(appointmentId, request.start(), initiator(caller)));
    }

    @PostMapping("/api/scheduling/appointments/{appointmentId}/cancel")
    AppointmentView cancel(@PathVariable String appointmentId, @Valid @RequestBody CancelRequest request,
            @AuthenticationPrincipal Jwt token) {
        Caller caller = allowed(appointmentId, token, true);
        return AppointmentView.of(bookings.cancel(appointmentId, request.reason(), initiator(caller)));
    }

    @PostMapping("/api/scheduling/appointments/{appointmentId}/no-show")
    AppointmentView noShow(@PathVariable String appointmentId, @AuthenticationPrincipal Jwt token) {
        allowed(appointmentId, token, false);
        return AppointmentView.of(bookings.noShow(appointmentId));
    }

    @GetMapping("/api/scheduling/appointments")
    List<AppointmentView> search(@RequestParam(required = false) String patientId,
            @RequestParam(required = false) String providerId, @RequestParam Instant from, @RequestParam Instant to,
            @AuthenticationPrincipal Jwt token) {
        if ((patientId == null) == (providerId == null)) {
            throw ProblemException.invalid(List.of(new FieldError("patientId", "give either patientId or providerId")));
        }
        if (!to.isAfter(from) || Duration.between(from, to).compareTo(Duration.ofDays(31)) > 0) {
            throw ProblemException.invalid(List.of(new FieldError("to", "must be after from, at most 31 days later")));
        }
        Caller caller = Caller.from(token);
        boolean allowed = caller.has(Role.COORDINATOR) || (patientId != null && caller.isPatient(patientId))
                || (providerId != null && providerId.equals(caller.subject()));
        if (!allowed) {
            throw ProblemException.forbidden("forbidden", "The caller is not allowed to do this.");
        }
        return bookings.search(patientId, providerId, from, to).stream().map(AppointmentView::of).toList();
    }

    private Caller allowed(String appointmentId, Jwt token, boolean patientMay) {
        Caller caller = Caller.from(token);
        Appointment appointment = bookings.get(appointmentId);
        boolean provider = appointment.providerId.equals(caller.subject());
        boolean patient = patientMay && caller.isPatient(appointment.patientId);
        if (caller.has(Role.COORDINATOR) || provider || patient) {
            return caller;
        }
        if (caller.has(Role.PATIENT)) {
            throw ProblemException.notFound("The appointment");
        }
        throw ProblemException.forbidden("forbidden", "The caller is not allowed to do this.");
    }

    private static ChangeInitiator initiator(Caller caller) {
        if (caller.has(Role.COORDINATOR)) {
            return ChangeInitiator.CLINIC_STAFF;
        }
        return caller.has(Role.PATIENT) ? ChangeInitiator.PATIENT : ChangeInitiator.PROVIDER;
    }
}

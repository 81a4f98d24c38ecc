package care.scheduling.booking;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.ChangeInitiator;
import care.kit.access.AccessCheck;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;
import care.kit.access.Relationship;
import care.kit.domain.Refusal;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;
import care.kit.web.IdempotencyKey;
import care.scheduling.placement.Placement;

/**
 * Appointments, under the access table ({@link PatientAccess}): the patient, the care team (staff with
 * themselves as the provider) and coordinators book; the patient, the provider an appointment is booked with
 * and coordinators change it; a patient reaching for someone else's appointment gets 404.
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

    private final BookingService bookings;
    private final AppointmentQueries appointments;
    private final PatientAccess access;

    AppointmentController(BookingService bookings, AppointmentQueries appointments, PatientAccess access) {
        this.bookings = bookings;
        this.appointments = appointments;
        this.access = access;
    }

    /**
     * Books for the request's patient. The patient and coordinators book with any provider; a member of the care
     * team only with themselves ({@code 403 book-as-yourself} otherwise), so staff off the team cannot book at all.
     */
    @PostMapping("/api/scheduling/appointments")
    @Allowed(permission = Permission.APPOINTMENT_BOOK,
            note = "the patient and a coordinator book with any provider; care-team staff only with themselves")
    ResponseEntity<AppointmentView> book(@Valid @RequestBody BookingRequest request, IdempotencyKey idempotencyKey,
            @AuthenticationPrincipal Jwt token) {
        if (request.type() == AppointmentKind.DOSING_SESSION && request.sessionNumber() == null) {
            throw ProblemException.invalid(List.of(new FieldError("sessionNumber", "is required for a dosing session")));
        }
        AccessDecision decision = access.check(token, request.patientId(), Permission.APPOINTMENT_BOOK,
                "scheduling.appointment.book").require();
        String providerId = StaffIds.canonical(request.providerId());
        if (!decision.is(Relationship.PATIENT) && !decision.is(Relationship.COORDINATOR)
                && !providerId.equalsIgnoreCase(decision.caller().subject())) {
            throw Refusal.forbidden("book-as-yourself",
                    "Staff book appointments with themselves; a coordinator books for anyone.");
        }
        Appointment appointment = bookings.book(new BookingService.Request(decision.patientId(), request.type(),
                providerId, request.start(), request.sessionNumber()), decision.caller().subject(),
                IdempotencyKey.valueOf(idempotencyKey), initiator(decision));
        return ResponseEntity.created(URI.create("/api/scheduling/appointments/" + appointment.id))
                .body(AppointmentView.of(appointment));
    }

    @PostMapping("/api/scheduling/appointments/{appointmentId}/reschedule")
    @Allowed(permission = Permission.APPOINTMENT_CHANGE)
    AppointmentView reschedule(@PathVariable UUID appointmentId, @Valid @RequestBody RescheduleRequest request,
            @AuthenticationPrincipal Jwt token) {
        Appointment appointment = appointments.get(appointmentId.toString());
        AccessDecision decision = require(appointment, Permission.APPOINTMENT_CHANGE,
                "scheduling.appointment.reschedule", token);
        return AppointmentView.of(bookings.reschedule(appointment.id, request.start(), initiator(decision)));
    }

    @PostMapping("/api/scheduling/appointments/{appointmentId}/cancel")
    @Allowed(permission = Permission.APPOINTMENT_CHANGE)
    AppointmentView cancel(@PathVariable UUID appointmentId, @Valid @RequestBody CancelRequest request,
            @AuthenticationPrincipal Jwt token) {
        Appointment appointment = appointments.get(appointmentId.toString());
        AccessDecision decision = require(appointment, Permission.APPOINTMENT_CHANGE, "scheduling.appointment.cancel",
                token);
        return AppointmentView.of(bookings.cancel(appointment.id, request.reason(), initiator(decision)));
    }

    @PostMapping("/api/scheduling/appointments/{appointmentId}/no-show")
    @Allowed(permission = Permission.APPOINTMENT_NO_SHOW)
    AppointmentView noShow(@PathVariable UUID appointmentId, @AuthenticationPrincipal Jwt token) {
        Appointment appointment = appointments.get(appointmentId.toString());
        require(appointment, Permission.APPOINTMENT_NO_SHOW, "scheduling.appointment.no-show", token);
        return AppointmentView.of(bookings.noShow(appointment.id));
    }

    /**
     * A patient's appointments (whoever may read their schedule, including a provider booked with them), or a
     * provider's (the provider themself, registered, or a coordinator: each listed patient's access is decided
     * and recorded).
     */
    @GetMapping("/api/scheduling/appointments")
    @Allowed(permission = Permission.SCHEDULE_READ,
            note = "with patientId: whoever may read the patient's schedule; with providerId: the registered provider "
                    + "themself or a coordinator, each listed patient's access decided and recorded")
    List<AppointmentView> search(@RequestParam(required = false) UUID patientId,
            @RequestParam(required = false) UUID providerId, @RequestParam Instant from, @RequestParam Instant to,
            @AuthenticationPrincipal Jwt token) {
        if ((patientId == null) == (providerId == null)) {
            throw ProblemException.invalid(List.of(new FieldError("patientId", "give either patientId or providerId")));
        }
        if (!to.isAfter(from) || Duration.between(from, to).compareTo(Duration.ofDays(31)) > 0) {
            throw ProblemException.invalid(List.of(new FieldError("to", "must be after from, at most 31 days later")));
        }
        if (patientId != null) {
            List<Appointment> found = appointments.search(patientId.toString(), null, from, to);
            AccessCheck check = access.check(token, patientId.toString(), Permission.SCHEDULE_READ,
                    "scheduling.appointments.read");
            found.stream().filter(appointment -> appointment.status != Appointment.Status.CANCELLED)
                    .forEach(appointment -> check.bookedProvider(appointment.providerId,
                            Placement.providerRole(appointment.kind)));
            check.require();
            return found.stream().map(AppointmentView::of).toList();
        }
        String provider = providerId.toString();
        String action = "scheduling.provider.appointments.read";
        access.requireSelfOrCoordinator(token, provider, action, StaffRole.CLINICIAN, StaffRole.COACH);
        // Every appointment listed is booked with this provider: the patient's first one says how.
        return access.visible(appointments.search(null, provider, from, to), appointment -> appointment.patientId,
                appointment -> access.check(token, appointment.patientId, Permission.SCHEDULE_READ, action)
                        .bookedProvider(appointment.providerId, Placement.providerRole(appointment.kind)))
                .stream().map(AppointmentView::of).toList();
    }

    private AccessDecision require(Appointment appointment, Permission permission, String action, Jwt token) {
        return access.check(token, appointment.patientId, permission, action).resource("The appointment", appointment.id)
                .bookedProvider(appointment.providerId, Placement.providerRole(appointment.kind)).require();
    }

    private static ChangeInitiator initiator(AccessDecision decision) {
        return switch (decision.basis()) {
            case PATIENT -> ChangeInitiator.PATIENT;
            case COORDINATOR -> ChangeInitiator.CLINIC_STAFF;
            default -> ChangeInitiator.PROVIDER;
        };
    }
}

package care.scheduling.provider;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.scheduling.AppointmentKind;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.domain.Refusal;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;
import care.kit.security.Role;
import care.scheduling.availability.WeeklyAvailability;

/**
 * Registered providers (or a coordinator for them) publish weekly availability for the appointment types their
 * registration covers.
 */
@RestController
class AvailabilityController {

    static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]";

    record WindowRequest(@NotNull DayOfWeek day, @NotNull @Pattern(regexp = TIME, message = "must be HH:mm") String start,
            @NotNull @Pattern(regexp = TIME, message = "must be HH:mm") String end) {
    }

    record AvailabilityRequest(@NotBlank String timeZone, @NotNull @Size(max = 50) List<@Valid @NotNull WindowRequest> weekly,
            @NotEmpty List<@NotNull AppointmentKind> appointmentTypes) {
    }

    private final Providers providers;
    private final PatientAccess access;

    AvailabilityController(Providers providers, PatientAccess access) {
        this.providers = providers;
        this.access = access;
    }

    /**
     * The provider themself (registered in the staff directory: else {@code 403 staff-not-registered}) or a
     * coordinator. The provider must be registered for every type offered (clinicians: consultations and dosing
     * sessions; coaches: integration coaching): {@code 422 provider-not-registered} otherwise.
     */
    @PutMapping("/api/scheduling/providers/{providerId}/availability")
    @Allowed(roles = { Role.CLINICIAN, Role.COACH, Role.COORDINATOR },
            note = "the provider themself, registered in the staff directory, or a coordinator")
    AvailabilityRequest put(@PathVariable UUID providerId, @Valid @RequestBody AvailabilityRequest request,
            @AuthenticationPrincipal Jwt token) {
        String provider = providerId.toString();
        access.requireSelfOrCoordinator(token, provider, "scheduling.provider.availability.change",
                StaffRole.CLINICIAN, StaffRole.COACH);
        ZoneId zone = zone(request.timeZone());
        List<ProviderSchedule.Window> windows = request.weekly().stream()
                .map(w -> new ProviderSchedule.Window(w.day(), w.start(), w.end())).toList();
        try {
            new WeeklyAvailability(zone, windows.stream().map(w -> new WeeklyAvailability.Window(w.day(),
                    LocalTime.parse(w.start()), LocalTime.parse(w.end()))).toList(), Set.copyOf(request.appointmentTypes()));
        } catch (IllegalArgumentException invalid) {
            throw ProblemException.invalid(List.of(new FieldError("weekly", "windows must end after they start and not overlap")));
        }
        if (!providers.registeredForAll(provider, request.appointmentTypes())) {
            throw Refusal.rule("provider-not-registered", "Provider not registered",
                    "The provider is not registered in the staff directory for every appointment type offered "
                            + "(clinicians: consultations and dosing sessions; coaches: integration coaching).");
        }
        providers.publish(provider, zone, windows, Set.copyOf(request.appointmentTypes()));
        return request;
    }

    /** An IANA time zone id, including {@code UTC} as browsers report it; fixed offsets are refused. */
    private static ZoneId zone(String value) {
        if (ZoneId.getAvailableZoneIds().contains(value)) {
            return ZoneId.of(value);
        }
        throw ProblemException.invalid(List.of(new FieldError("timeZone", "must be an IANA time zone such as Europe/Berlin")));
    }
}

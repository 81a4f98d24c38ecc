package care.scheduling.provider;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.scheduling.AppointmentKind;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.StaffDirectory;
import care.kit.access.StaffMember;
import care.kit.outbox.Outbox;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;
import care.kit.security.Role;
import care.scheduling.availability.Slot;
import care.scheduling.availability.SlotFinder;
import care.scheduling.availability.WeeklyAvailability;
import care.scheduling.booking.Bookings;
import care.scheduling.pacing.PacingPolicy;

/**
 * Registered providers (or a coordinator for them) publish weekly availability for the appointment types their
 * registration covers; anyone signed in may look for free slots, which only registered providers offer.
 */
@RestController
class AvailabilityController {

    static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]";
    static final Duration MAX_RANGE = Duration.ofDays(31);

    record WindowRequest(@NotNull DayOfWeek day, @NotNull @Pattern(regexp = TIME, message = "must be HH:mm") String start,
            @NotNull @Pattern(regexp = TIME, message = "must be HH:mm") String end) {
    }

    record AvailabilityRequest(@NotBlank String timeZone, @NotNull @Size(max = 50) List<@Valid @NotNull WindowRequest> weekly,
            @NotEmpty List<@NotNull AppointmentKind> appointmentTypes) {
    }

    record SlotView(String providerId, Instant start, Instant end) {
    }

    record SlotPage(List<SlotView> items, int page, int size, int total) {
    }

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Bookings bookings;
    private final PacingPolicy policy;
    private final PatientAccess access;
    private final StaffDirectory staff;

    AvailabilityController(MongoTemplate mongo, Outbox outbox, Bookings bookings, PacingPolicy policy,
            PatientAccess access, StaffDirectory staff) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.bookings = bookings;
        this.policy = policy;
        this.access = access;
        this.staff = staff;
    }

    /**
     * The provider themself (registered in the staff directory: else {@code 403 staff-not-registered}) or a
     * coordinator. The provider must be registered for every type offered (clinicians: consultations and dosing
     * sessions; coaches: integration coaching): {@code 422 provider-not-registered} otherwise.
     */
    @PutMapping("/api/scheduling/providers/{providerId}/availability")
    @Allowed(roles = { Role.CLINICIAN, Role.COACH, Role.COORDINATOR },
            note = "the provider themself, registered in the staff directory, or a coordinator")
    AvailabilityRequest put(@PathVariable String providerId, @Valid @RequestBody AvailabilityRequest request,
            @AuthenticationPrincipal Jwt token) {
        String provider = Bookings.canonical(providerId);
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
        Optional<StaffMember> registered = staff.find(provider);
        if (request.appointmentTypes().stream().anyMatch(kind -> registered
                .filter(member -> member.is(Bookings.providerRole(kind))).isEmpty())) {
            throw ProblemException.unprocessable("provider-not-registered", "Provider not registered",
                    "The provider is not registered in the staff directory for every appointment type offered "
                            + "(clinicians: consultations and dosing sessions; coaches: integration coaching).");
        }
        outbox.update(() -> java.util.Optional.ofNullable(mongo.findById(provider, ProviderSchedule.class))
                .orElseGet(ProviderSchedule::new), schedule -> {
                    schedule.id = provider;
                    schedule.timeZone = zone.getId();
                    schedule.weekly = new ArrayList<>(windows);
                    schedule.kinds = new ArrayList<>(Set.copyOf(request.appointmentTypes()));
                    return List.of();
                });
        return request;
    }

    @GetMapping("/api/scheduling/slots")
    @Allowed(authenticated = true)
    SlotPage slots(@RequestParam AppointmentKind type, @RequestParam Instant from, @RequestParam Instant to,
            @RequestParam(required = false) String providerId, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        if (!to.isAfter(from)) {
            throw ProblemException.invalid(List.of(new FieldError("to", "must be after from")));
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ProblemException.invalid(List.of(new FieldError("to", "the range may span at most 31 days")));
        }
        if (page < 0 || size < 1 || size > 200) {
            throw ProblemException.invalid(List.of(new FieldError("size", "page >= 0 and size 1..200")));
        }
        List<ProviderSchedule> providers = providerId == null ? mongo.findAll(ProviderSchedule.class)
                : java.util.Optional.ofNullable(mongo.findById(Bookings.canonical(providerId), ProviderSchedule.class))
                        .map(List::of).orElse(List.of());
        List<SlotView> slots = new ArrayList<>();
        for (ProviderSchedule provider : providers) {
            WeeklyAvailability availability = provider.availability();
            if (!availability.offers(type) || !bookings.registered(provider.id(), type)) {
                continue;
            }
            for (Slot slot : SlotFinder.freeSlots(availability, type, policy, from, to,
                    bookings.busy(provider.id(), from, to))) {
                slots.add(new SlotView(provider.id(), slot.start(), slot.end()));
            }
        }
        slots.sort(Comparator.comparing(SlotView::start).thenComparing(SlotView::providerId));
        int fromIndex = Math.min(slots.size(), page * size);
        return new SlotPage(slots.subList(fromIndex, Math.min(slots.size(), fromIndex + size)), page, size, slots.size());
    }

    /** An IANA time zone id, including {@code UTC} as browsers report it; fixed offsets are refused. */
    private static ZoneId zone(String value) {
        if (ZoneId.getAvailableZoneIds().contains(value)) {
            return ZoneId.of(value);
        }
        throw ProblemException.invalid(List.of(new FieldError("timeZone", "must be an IANA time zone such as Europe/Berlin")));
    }
}

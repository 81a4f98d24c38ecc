package care.scheduling.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.scheduling.AppointmentKind;
import care.kit.access.Allowed;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;
import care.scheduling.availability.Slot;
import care.scheduling.availability.SlotFinder;
import care.scheduling.availability.WeeklyAvailability;
import care.scheduling.pacing.PacingPolicy;
import care.scheduling.provider.ProviderSchedule;
import care.scheduling.provider.Providers;

/** Anyone signed in may look for free slots, which only registered providers offer. */
@RestController
class SlotController {

    static final Duration MAX_RANGE = Duration.ofDays(31);

    record SlotView(String providerId, Instant start, Instant end) {
    }

    record SlotPage(List<SlotView> items, int page, int size, int total) {
    }

    private final Providers providers;
    private final AppointmentQueries appointments;
    private final PacingPolicy policy;

    SlotController(Providers providers, AppointmentQueries appointments, PacingPolicy policy) {
        this.providers = providers;
        this.appointments = appointments;
        this.policy = policy;
    }

    @GetMapping("/api/scheduling/slots")
    @Allowed(authenticated = true)
    SlotPage slots(@RequestParam AppointmentKind type, @RequestParam Instant from, @RequestParam Instant to,
            @RequestParam(required = false) UUID providerId, @RequestParam(defaultValue = "0") int page,
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
        List<ProviderSchedule> schedules = providerId == null ? providers.schedules()
                : providers.schedule(providerId.toString()).map(List::of).orElse(List.of());
        List<SlotView> slots = new ArrayList<>();
        for (ProviderSchedule provider : schedules) {
            WeeklyAvailability availability = provider.availability();
            if (!availability.offers(type) || !providers.registered(provider.id(), type)) {
                continue;
            }
            for (Slot slot : SlotFinder.freeSlots(availability, type, policy, from, to,
                    appointments.busy(provider.id(), from, to))) {
                slots.add(new SlotView(provider.id(), slot.start(), slot.end()));
            }
        }
        slots.sort(Comparator.comparing(SlotView::start).thenComparing(SlotView::providerId));
        int fromIndex = Math.min(slots.size(), page * size);
        return new SlotPage(slots.subList(fromIndex, Math.min(slots.size(), fromIndex + size)), page, size, slots.size());
    }
}

package care.notification.notice;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.notification.Channel;
import care.contracts.notification.Purpose;
import care.kit.outbox.Outbox;
import care.notification.policy.Timeliness;

/**
 * What the application services share to write notifications: each is one document written with the events of its
 * change through the outbox; a new one is written once (its id derives from what it is about, so a redelivered
 * event finds the one it made before), and the {@link Dispatcher} is woken for it.
 */
@Component
class NotificationRecords {

    private final Outbox outbox;
    private final NotificationQueries queries;
    private final Clock clock;
    private final DispatchSignal signal;
    private final MeterRegistry meters;
    private final Timeliness timeliness;

    NotificationRecords(Outbox outbox, NotificationQueries queries, Clock clock, DispatchSignal signal,
            MeterRegistry meters, NotificationSettings settings) {
        this.timeliness = settings.timeliness();
        this.outbox = outbox;
        this.queries = queries;
        this.clock = clock;
        this.signal = signal;
        this.meters = meters;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Writes a new notification with its NotificationScheduled event, unless one with its id exists already. */
    void create(Notification fresh) {
        Notification stored = outbox.upsert(() -> queries.notification(fresh.id), () -> fresh,
                n -> n == fresh ? n.created() : null);
        if (stored == fresh) {
            meters.counter("care.notification.scheduled", "purpose", fresh.purpose.name()).increment();
        }
    }

    /**
     * Changes the notification {@code id}, or, when there is none yet, writes {@code fresh} as it is (without a
     * NotificationScheduled event: e.g. a reminder that is no longer needed before it was made).
     */
    void createOrChange(UUID id, Supplier<Notification> fresh,
            Function<Notification, List<? extends CareEvent>> change) {
        List<Notification> made = new ArrayList<>(1);
        outbox.upsert(() -> queries.notification(id), () -> {
            made.clear();
            made.add(fresh.get());
            return made.getFirst();
        }, n -> !made.isEmpty() && n == made.getFirst() ? List.of() : change.apply(n));
    }

    /** Reads a notification, changes it and saves it with the events the change returns. */
    Notification change(UUID id, Function<Notification, List<? extends CareEvent>> change) {
        return outbox.update(() -> queries.notification(id)
                .orElseThrow(() -> new IllegalStateException("notification " + id + " vanished")), change);
    }

    /** Lets this instance's timer look for due notifications now. */
    void wake() {
        signal.wake();
    }

    /** The channel a patient's message is expected to go by, as far as is known now (decided when sent). */
    Channel plannedChannel(UUID patientId) {
        return queries.profile(patientId).map(PatientProfile::plannedChannel).orElse(Channel.EMAIL);
    }

    /**
     * Whether a message meant for {@code at} is too late to be of use ({@link Timeliness#stale}): a first start
     * reading the topics from their beginning, or a long outage, must not send old nudges and alerts in a burst.
     */
    boolean stale(Instant at, Instant now, Purpose purpose) {
        boolean stale = timeliness.stale(at, now);
        if (stale) {
            meters.counter("care.notification.stale", "purpose", purpose.name()).increment();
        }
        return stale;
    }
}

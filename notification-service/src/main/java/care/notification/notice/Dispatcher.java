package care.notification.notice;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

import care.contracts.notification.Recipient;
import care.kit.outbox.Outbox;

/**
 * The durable timer. Every {@code care.notification.dispatch.poll-interval} (and at once when woken) each instance
 * looks for notifications whose {@code nextAttemptAt} has passed, claims each by a versioned write (so exactly one
 * instance takes it) and hands it to the {@link PatientDelivery} (a patient's message, under the patient's rules) or
 * the {@link Sender} (a message to the care team). Nothing is kept in memory: a notification whose time passed while
 * no instance ran goes on the first pass after a start, and one whose sender died is taken again when its lease ends
 * (the provider sees the same idempotency key).
 * <p>
 * A provider that is down (breaker open, limits reached) leaves the message waiting; a failed attempt is
 * retried with back-off and reported as NotificationFailed with {@code willRetry}; messages to the care team
 * (clinicians' alerts, a coach's notice) go at once whatever the hour, are retried until delivered, and one the
 * member's address refused goes to the on-call address.
 */
@Component
public class Dispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final NotificationQueries queries;
    private final Outbox outbox;
    private final Clock clock;
    private final NotificationSettings settings;
    private final Sender sender;
    private final PatientDelivery patients;
    private final DispatchSignal signal;
    private volatile Thread loop;
    private volatile ExecutorService senders;

    Dispatcher(NotificationQueries queries, Outbox outbox, Clock clock, NotificationSettings settings, Sender sender,
            PatientDelivery patients, DispatchSignal signal, MeterRegistry meters) {
        this.queries = queries;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
        this.sender = sender;
        this.patients = patients;
        this.signal = signal;
        meters.gauge("care.notification.alerts.undelivered", this, Dispatcher::undeliveredAlerts);
    }

    @Override
    public void start() {
        senders = Executors.newFixedThreadPool(settings.dispatch().threads(),
                Thread.ofPlatform().name("notification-sender-", 0).daemon(true).factory());
        Thread timer = Thread.ofPlatform().name("notification-timer").daemon(true).unstarted(this::run);
        loop = timer;
        timer.start();
    }

    @Override
    public void stop() {
        Thread running = loop;
        loop = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ExecutorService pool = senders;
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    private void run() {
        while (loop == Thread.currentThread()) {
            try {
                pass();
                signal.await(settings.dispatch().pollInterval());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("notification pass failed ({}); the next pass retries", e.getClass().getSimpleName());
                try {
                    Thread.sleep(settings.dispatch().pollInterval().toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** One pass: claims what is due (or abandoned by a dead sender) and sends it; returns how many it took. */
    int pass() throws InterruptedException {
        Instant now = now();
        List<Callable<Void>> work = new ArrayList<>();
        for (Notification n : queries.dueOrAbandoned(now, settings.dispatch().batch())) {
            if (claim(n, now)) {
                work.add(() -> {
                    deliverSafely(n);
                    return null;
                });
            }
        }
        if (!work.isEmpty()) {
            senders.invokeAll(work);
        }
        return work.size();
    }

    /** Takes the notification for this instance by a versioned write; false when another instance took it first. */
    private boolean claim(Notification n, Instant now) {
        if (!n.claim(now, settings.dispatch().lease())) {
            return false;
        }
        try {
            outbox.save(n, List.of());
            return true;
        } catch (OptimisticLockingFailureException takenByAnother) {
            // The point of the versioned write: another instance claimed it first, so this one leaves it.
            return false;
        }
    }

    private void deliverSafely(Notification n) {
        try {
            deliver(n);
        } catch (OptimisticLockingFailureException changed) {
            // Moved or cancelled while being sent: the change stands and the timer sees it again.
            log.info("notification {} changed while it was being sent", n.id);
        } catch (RuntimeException e) {
            log.warn("notification {} could not be processed ({}); it is tried again when its lease ends", n.id,
                    e.getClass().getSimpleName());
        }
    }

    void deliver(Notification n) {
        Instant now = now();
        if (n.recipient != Recipient.PATIENT) {
            sender.deliverAlert(n, now);
        } else {
            patients.deliver(n, now);
        }
    }

    private double undeliveredAlerts() {
        try {
            return queries.undeliveredSafetyAlerts();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

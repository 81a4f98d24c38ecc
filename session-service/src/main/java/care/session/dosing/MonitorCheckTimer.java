package care.session.dosing;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The durable timer of the monitor checks: every {@code care.session.timer-poll-interval} (default 5 s)
 * it raises the checks whose deadline, stored in each session, has passed. Nothing is held in memory, so
 * deadlines that passed while no instance ran are raised by the first pass after a start.
 */
@Component
class MonitorCheckTimer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MonitorCheckTimer.class);

    private final Sessions sessions;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    MonitorCheckTimer(Sessions sessions, @Value("${care.session.timer-poll-interval:PT5S}") Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("care.session.timer-poll-interval must be positive");
        }
        this.sessions = sessions;
        this.interval = interval;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("monitor-check-timer").daemon(true)
                .factory());
        executor.scheduleWithFixedDelay(this::pass, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pass() {
        try {
            sessions.raiseMissedChecks();
        } catch (RuntimeException e) {
            log.warn("monitor check pass failed ({}); the next pass retries", e.getClass().getSimpleName());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}

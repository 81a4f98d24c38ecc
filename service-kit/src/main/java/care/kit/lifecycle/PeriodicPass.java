package care.kit.lifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Work an instance does again and again while it runs (a durable timer's pass, a clean-up), on its own thread with
 * a fixed delay between passes. Started and stopped with the application; a pass that fails is logged by class
 * name only and the next one tries again. Whatever must survive a restart lives in the store, not here.
 */
public abstract class PeriodicPass implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicPass.class);

    private final String name;
    private final Duration initialDelay;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    /**
     * @param name         the thread's name, and what the log calls this work
     * @param initialDelay before the first pass
     * @param interval     between the end of one pass and the start of the next; must be positive
     */
    protected PeriodicPass(String name, Duration initialDelay, Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("The interval of " + name + " must be positive");
        }
        this.name = name;
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One pass. */
    protected abstract void pass();

    private void guardedPass() {
        try {
            pass();
        } catch (RuntimeException e) {
            log.warn("{} pass failed ({}); the next pass retries", name, e.getClass().getSimpleName());
        }
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon(true).factory());
        executor.scheduleWithFixedDelay(this::guardedPass, initialDelay.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
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

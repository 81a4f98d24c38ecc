package care.local;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Keeps the launcher's children running once the stack is UP. A child that exits is reported at once with the
 * last lines of its log and started again after a back-off (1 s, 2 s, 4 s … at most 30 s); once it is ready
 * again that is reported too. The back-off starts over when the child had stayed UP for a while. After too many
 * quick failures in a row it gives up and says why, through the give-up callback.
 */
final class Supervisor {

    /**
     * How restarts are spaced: the first after {@code firstDelay}, each following one twice as late up to
     * {@code maxDelay}; a child that stayed UP for {@code stableAfter} counts as healthy again; after
     * {@code maxRestarts} restarts without that, the next exit gives up.
     */
    record Policy(Duration firstDelay, Duration maxDelay, Duration stableAfter, int maxRestarts) {

        static final Policy DEFAULT = new Policy(Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 5);

        /** The wait before restart number {@code attempt} (1 for the first). */
        Duration delay(int attempt) {
            long millis = firstDelay.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
            return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
        }
    }

    private final Policy policy;
    private final Consumer<String> say;
    private final Consumer<String> giveUp;
    private final List<Thread> watchers = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    /**
     * @param say    prints one line on the console
     * @param giveUp called (once per child, from the child's watcher) with the reason when it gives up
     */
    Supervisor(Policy policy, Consumer<String> say, Consumer<String> giveUp) {
        this.policy = policy;
        this.say = say;
        this.giveUp = giveUp;
    }

    /** Watches this child, which is UP now; {@code ready} tells when a restarted one is UP again. */
    void watch(ChildProcess child, BooleanSupplier ready) {
        Thread watcher = new Thread(() -> supervise(child, ready), "supervise-" + child.name());
        watcher.setDaemon(true);
        watchers.add(watcher);
        if (!stopping) {
            watcher.start();
        }
    }

    /** No more restarts from now on; waiting watchers return at once. */
    void stop() {
        stopping = true;
        watchers.forEach(Thread::interrupt);
    }

    private void supervise(ChildProcess child, BooleanSupplier ready) {
        int failures = 0;
        long upSince = System.nanoTime();
        try {
            while (!stopping) {
                int code = child.awaitExit();
                if (stopping) {
                    return;
                }
                if (upSince != 0 && System.nanoTime() - upSince >= policy.stableAfter().toNanos()) {
                    failures = 0;
                }
                failures++;
                say.accept(child.name() + " exited (code " + code + "). Last lines of its log (" + child.logFile()
                        + "):");
                child.logTail(15).forEach(line -> say.accept("  | " + line));
                if (failures > policy.maxRestarts()) {
                    String why = child.name() + " exited " + failures + " times in a row, each time before staying UP"
                            + " for " + policy.stableAfter().toSeconds() + " s; giving up on it (see "
                            + child.logFile() + ")";
                    say.accept(why);
                    giveUp.accept(why);
                    return;
                }
                upSince = 0;
                if (!restart(child, ready, failures, code)) {
                    continue;
                }
                upSince = System.nanoTime();
            }
        } catch (InterruptedException stopped) {
            // the stack is stopping
        }
    }

    /** Waits the back-off, starts the child again and waits until it is ready; false when it died again first. */
    private boolean restart(ChildProcess child, BooleanSupplier ready, int attempt, int code)
            throws InterruptedException {
        Duration delay = policy.delay(attempt);
        say.accept(String.format(Locale.ROOT, "%s exited (code %d); restarting in %s (attempt %d)", child.name(),
                code, seconds(delay), attempt));
        Thread.sleep(delay.toMillis());
        if (stopping) {
            throw new InterruptedException();
        }
        try {
            child.restart();
        } catch (Exception e) {
            if (stopping) {
                throw new InterruptedException();
            }
            String why = child.name() + " could not be started again (" + e.getMessage() + "); giving up on it";
            say.accept(why);
            giveUp.accept(why);
            throw new InterruptedException();
        }
        long started = System.nanoTime();
        while (child.isAlive()) {
            if (ready.getAsBoolean()) {
                say.accept(String.format(Locale.ROOT, "%s UP again after %.1f s (restart %d)", child.name(),
                        (System.nanoTime() - started) / 1e9, attempt));
                return true;
            }
            if (stopping) {
                throw new InterruptedException();
            }
            Thread.sleep(250);
        }
        return false;
    }

    private static String seconds(Duration delay) {
        return delay.toMillis() % 1000 == 0 ? delay.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", delay.toMillis() / 1000.0);
    }
}

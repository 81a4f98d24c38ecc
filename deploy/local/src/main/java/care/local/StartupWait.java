package care.local;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Waits during start-up until the broker is ready and the applications are UP, reporting each as it comes up
 * and, every 5 s, what is still awaited. A wait fails, after explaining why on the console, when a process
 * exits or takes too long, and ends at once (false, nothing printed) when the stack is stopping.
 */
final class StartupWait {

    static final Duration STARTUP_LIMIT = Duration.ofMinutes(4);

    private final StackConfig config;
    private final StackConsole console;
    private final BooleanSupplier stopping;

    StartupWait(StackConfig config, StackConsole console, BooleanSupplier stopping) {
        this.config = config;
        this.console = console;
        this.stopping = stopping;
    }

    boolean awaitServices(Map<ServiceApp, ChildProcess> started) throws InterruptedException {
        Map<ServiceApp, ChildProcess> waiting = new LinkedHashMap<>(started);
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        long nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!waiting.isEmpty()) {
            for (var entry : List.copyOf(waiting.entrySet())) {
                if (stopping.getAsBoolean()) {
                    return false;
                }
                ChildProcess child = entry.getValue();
                if (!child.isAlive()) {
                    console.failed(entry.getKey().name() + " exited with code " + child.exitCode(), child);
                    return false;
                }
                if (entry.getKey().isUp(config.host())) {
                    waiting.remove(entry.getKey());
                    console.progress(entry.getKey().name(), "UP", entry.getKey().url(config.displayHost())
                            + "  (" + (started.size() - waiting.size()) + "/" + started.size() + ")");
                }
            }
            if (waiting.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                ChildProcess first = waiting.values().iterator().next();
                console.failed("Not UP after " + STARTUP_LIMIT.toSeconds() + " s: "
                        + String.join(", ", waiting.keySet().stream().map(ServiceApp::name).toList()), first);
                return false;
            }
            if (System.nanoTime() > nextReport) {
                console.progress("waiting for", "",
                        String.join(", ", waiting.keySet().stream().map(ServiceApp::name).toList()));
                nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            }
            Thread.sleep(400);
        }
        return true;
    }

    boolean awaitReady(String what, ChildProcess child, BooleanSupplier ready) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!ready.getAsBoolean()) {
            if (stopping.getAsBoolean()) {
                return false;
            }
            if (!child.isAlive()) {
                console.failed(what + " exited with code " + child.exitCode(), child);
                return false;
            }
            if (System.nanoTime() > deadline) {
                console.failed(what + " not ready after 120 s", child);
                return false;
            }
            Thread.sleep(250);
        }
        return true;
    }
}

package care.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The child processes the launcher started (the broker, the applications, start-up cache training runs), and how
 * they are stopped: all at once with a grace period, then killed; and those an earlier run left behind.
 */
final class StackProcesses {

    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();

    void add(ChildProcess child) {
        children.add(child);
    }

    void remove(ChildProcess child) {
        children.remove(child);
    }

    boolean isEmpty() {
        return children.isEmpty();
    }

    void clear() {
        children.clear();
    }

    /**
     * Stops the applications (every child but the broker) within {@code grace}, then the broker within
     * {@code brokerGrace}; returns the names of those that had to be killed.
     */
    List<String> stop(ChildProcess broker, Duration grace, Duration brokerGrace) throws InterruptedException {
        List<ChildProcess> applications = children.stream().filter(child -> child != broker).toList();
        List<String> killed = stopAll(applications, grace);
        if (broker != null) {
            killed.addAll(stopAll(List.of(broker), brokerGrace));
        }
        return killed;
    }

    /** Asks all to stop at once, then kills those still running after the grace period; returns their names. */
    private static List<String> stopAll(List<ChildProcess> processes, Duration grace) throws InterruptedException {
        processes.forEach(ChildProcess::requestStop);
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> killed = new ArrayList<>();
        for (ChildProcess child : processes) {
            boolean wasAlive = child.isAlive();
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!child.awaitStop(left) && wasAlive) {
                killed.add(child.name());
            }
        }
        return killed;
    }

    /** Stops what an earlier run that did not stop cleanly left running, as its pid files tell. */
    static void stopLeftovers(Path pidsDir, StackConsole console) throws IOException, InterruptedException {
        if (!Files.isDirectory(pidsDir)) {
            return;
        }
        try (var files = Files.list(pidsDir)) {
            for (Path pidFile : files.toList()) {
                String name = pidFile.getFileName().toString().replace(".pid", "");
                if (ChildProcess.stopLeftover(pidFile, StackConfig.MARKER + name)) {
                    console.progress(name, "stopped", "left over from an earlier run that did not stop cleanly");
                }
            }
        }
    }
}

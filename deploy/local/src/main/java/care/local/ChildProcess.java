package care.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the launcher started (the broker, a service, the gateway), with its output in a log file
 * and its pid in a file, so that a later start can clean up after a launcher that was killed.
 */
final class ChildProcess {

    private final String name;
    private final Path logFile;
    private final Path pidFile;
    private Process process;

    ChildProcess(String name, Path logsDir, Path pidsDir) {
        this.name = name;
        this.logFile = logsDir.resolve(name + ".log");
        this.pidFile = pidsDir.resolve(name + ".pid");
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    void start(List<String> command, Map<String, String> environment, Path workingDir) throws IOException {
        Files.createDirectories(logFile.getParent());
        Files.createDirectories(pidFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        Files.writeString(pidFile, Long.toString(process.pid()), StandardCharsets.UTF_8);
    }

    /** Runs a command to completion (used for one-off tools such as formatting storage). */
    static int runToCompletion(List<String> command, Path logFile, Duration timeout) throws IOException,
            InterruptedException {
        Files.createDirectories(logFile.getParent());
        Process tool = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        if (!tool.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            tool.destroyForcibly();
            return -1;
        }
        return tool.exitValue();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    /** Asks the process (and anything it started) to stop, without waiting. */
    void requestStop() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    /** Waits for the process to end, killing it when it does not stop in time. */
    void awaitStop(Duration grace) throws InterruptedException {
        if (process == null) {
            return;
        }
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is checked against the live process on the next start
        }
    }

    /** The last lines of the log, to show why a process failed. */
    List<String> logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return List.of("(no log at " + logFile + ")");
        }
    }

    /**
     * Stops a process left behind by an earlier launcher that was killed before it could clean up:
     * only when the recorded pid is still alive and is a Java process of this stack.
     */
    static boolean stopLeftover(Path pidFile, String marker) throws IOException, InterruptedException {
        if (!Files.exists(pidFile)) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            Files.deleteIfExists(pidFile);
            return false;
        }
        Files.deleteIfExists(pidFile);
        var handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        String commandLine = handle.get().info().commandLine().orElse("");
        if (!commandLine.contains(marker)) {
            return false;
        }
        handle.get().destroy();
        try {
            handle.get().onExit().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            handle.get().destroyForcibly();
        }
        return true;
    }
}

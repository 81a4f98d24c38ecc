package care.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the launcher started (the broker, a service, the gateway), with its output in a log file
 * and its pid in a file, so that a later start can clean up after a launcher that was killed.
 * <p>
 * The process ignores SIGINT (it is started through {@code sh -c 'trap "" INT; exec ...'} where a POSIX shell
 * exists): {@code Ctrl-C} in the terminal reaches the whole foreground process group, and the launcher, not the
 * terminal, decides the order in which its children stop (the services before the broker they talk to). It
 * still ends on SIGTERM, which is what {@link #requestStop()} sends.
 */
final class ChildProcess {

    private static final Path SHELL = Path.of("/bin/sh");

    private final String name;
    private final Path logFile;
    private final Path pidFile;
    private volatile Process process;
    private List<String> command;
    private Map<String, String> environment;
    private Path workingDir;
    private boolean closed;

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

    /** Starts the process, its output replacing the log file. */
    synchronized void start(List<String> command, Map<String, String> environment, Path workingDir)
            throws IOException {
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
        closed = false;
        launch(ProcessBuilder.Redirect.to(logFile.toFile()));
    }

    /**
     * Starts the process again with the same command, its output appended to the log file; refused once
     * {@link #requestStop()} was called, so that a stop and a restart racing each other leave it stopped.
     */
    synchronized void restart() throws IOException {
        if (command == null) {
            throw new IllegalStateException(name + " was never started");
        }
        if (closed) {
            throw new IllegalStateException(name + " is stopping");
        }
        Files.writeString(logFile, System.lineSeparator() + "----- restarted by the launcher at " + Instant.now()
                + " -----" + System.lineSeparator(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        launch(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    }

    private void launch(ProcessBuilder.Redirect output) throws IOException {
        Files.createDirectories(logFile.getParent());
        Files.createDirectories(pidFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(ignoringInterrupt(command))
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output);
        builder.environment().putAll(environment);
        process = builder.start();
        Files.writeString(pidFile, Long.toString(process.pid()), StandardCharsets.UTF_8);
    }

    /** The command run by a shell that ignores SIGINT and then replaces itself by it (same pid). */
    static List<String> ignoringInterrupt(List<String> command) {
        if (!Files.isExecutable(SHELL)) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(SHELL.toString(), "-c", "trap '' INT; exec \"$@\"", "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Runs a command to completion (used for one-off tools such as formatting storage); killed when interrupted. */
    static int runToCompletion(List<String> command, Path logFile, Duration timeout) throws IOException,
            InterruptedException {
        Files.createDirectories(logFile.getParent());
        Process tool = new ProcessBuilder(ignoringInterrupt(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        try {
            if (!tool.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                tool.destroyForcibly();
                return -1;
            }
            return tool.exitValue();
        } finally {
            if (tool.isAlive()) {
                tool.destroyForcibly();
            }
        }
    }

    boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    /** The operating system's id of the current process, or -1 before the first start. */
    long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    /** Waits until the current process ends and returns its exit code. */
    int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    /** Asks the process (and anything it started) to stop, without waiting; {@link #restart()} refuses after this. */
    void requestStop() {
        Process current;
        synchronized (this) {
            closed = true;
            current = process;
        }
        if (current != null && current.isAlive()) {
            current.descendants().forEach(ProcessHandle::destroy);
            current.destroy();
        }
    }

    /** Waits for the process to end, killing it when it does not stop in time; true when it ended by itself. */
    boolean awaitStop(Duration grace) throws InterruptedException {
        Process current = process;
        if (current == null) {
            return true;
        }
        boolean graceful = current.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        if (!graceful) {
            current.descendants().forEach(ProcessHandle::destroyForcibly);
            current.destroyForcibly();
            current.waitFor(5, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is checked against the live process on the next start
        }
        return graceful;
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
            handle.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            handle.get().destroyForcibly();
        }
        return true;
    }
}

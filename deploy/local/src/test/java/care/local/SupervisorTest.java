package care.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's supervision of its children, with a tiny Java process as the child. */
@org.junit.jupiter.api.Tag("integration")
class SupervisorTest {

    private final List<String> console = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> gaveUp = new CompletableFuture<>();
    private Supervisor supervisor;
    private ChildProcess child;

    @AfterEach
    void stopChild() throws InterruptedException {
        if (supervisor != null) {
            supervisor.stop();
        }
        if (child != null) {
            child.requestStop();
            child.awaitStop(Duration.ofSeconds(5));
        }
    }

    @Test
    void backOffDoublesUpToItsLimit() {
        Supervisor.Policy policy = Supervisor.Policy.DEFAULT;
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 40).stream().map(policy::delay).map(Duration::toSeconds).toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void aKilledChildIsReportedWithItsLastLogLinesAndRestarted(@TempDir Path state) throws Exception {
        int port = MongoStoreTest.freePort();
        child = tiny(state, String.valueOf(port));
        BooleanSupplier ready = () -> accepts(port);
        await("tiny service listening", ready, Duration.ofSeconds(30));
        supervisor = new Supervisor(new Supervisor.Policy(Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(60), 3), console::add, gaveUp::complete);
        supervisor.watch(child, ready);
        long firstPid = child.pid();

        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

        await("UP again", () -> console.stream().anyMatch(line -> line.startsWith("tiny UP again")),
                Duration.ofSeconds(30));
        assertThat(console).contains("tiny exited (code 137); restarting in 0.2 s (attempt 1)")
                .anyMatch(line -> line.startsWith("tiny exited (code 137). Last lines of its log"))
                .anyMatch(line -> line.startsWith("  | tiny service listening on " + port));
        assertThat(child.pid()).isNotEqualTo(firstPid);
        assertThat(child.isAlive()).isTrue();
        assertThat(accepts(port)).isTrue();
        assertThat(gaveUp).isNotDone();
    }

    @Test
    void givesUpAfterRepeatedQuickFailuresAndSaysWhy(@TempDir Path state) throws Exception {
        child = tiny(state, "0", "3");
        supervisor = new Supervisor(new Supervisor.Policy(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofSeconds(60), 2), console::add, gaveUp::complete);
        supervisor.watch(child, () -> false);

        String why = gaveUp.get(60, TimeUnit.SECONDS);

        assertThat(why).isEqualTo("tiny exited 3 times in a row, each time before staying UP for 60 s; giving up"
                + " on it (see " + child.logFile() + ")");
        assertThat(console).containsSubsequence("tiny exited (code 3); restarting in 0.1 s (attempt 1)",
                "tiny exited (code 3); restarting in 0.2 s (attempt 2)", why);
        assertThat(console).anyMatch(line -> line.equals("  | tiny service: bad configuration, exiting with 3"));
    }

    @Test
    void stoppingEndsTheBackOffWithoutAnotherStart(@TempDir Path state) throws Exception {
        child = tiny(state, "0", "4");
        supervisor = new Supervisor(new Supervisor.Policy(Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 5), console::add, gaveUp::complete);
        supervisor.watch(child, () -> false);
        await("restart scheduled", () -> console.stream().anyMatch(line -> line.contains("restarting in 30 s")),
                Duration.ofSeconds(30));
        long pid = child.pid();

        supervisor.stop();
        child.requestStop();

        Thread.sleep(300);
        assertThat(child.pid()).isEqualTo(pid);
        assertThat(child.isAlive()).isFalse();
        assertThat(gaveUp).isNotDone();
        assertThatThrownBy(child::restart).as("a restart racing the stop").isInstanceOf(IllegalStateException.class);
    }

    private static ChildProcess tiny(Path state, String... arguments) throws IOException {
        ChildProcess tiny = new ChildProcess("tiny", state.resolve("logs"), state.resolve("pids"));
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                TinyService.class.getName()));
        command.addAll(List.of(arguments));
        tiny.start(command, Map.of(), state);
        return tiny;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s; console: %s", what, timeout, console).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}

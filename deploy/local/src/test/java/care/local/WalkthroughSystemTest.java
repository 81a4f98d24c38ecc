package care.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The walk-throughs of {@code docs/walkthroughs}, run as a reader runs them: each script with bash and curl against
 * the whole platform ({@link SystemPlatform}), both at once, each with a patient of its own. The platform has the
 * walk-throughs' demo settings, shortened further so that a session takes seconds: the scripts read their waits
 * from the environment. Skipped without bash or curl. Runs after the other system tests (see
 * {@code junit-platform.properties}), so the platform with the shared settings is not started twice. Each script's
 * output is kept in {@code target/walkthroughs/<script>.log}.
 * <p>
 * About 20 minutes (the pathway waits for its coaching appointments to start), so it is not part of
 * {@code ./mvnw verify}: CI runs it on its own, {@code ./mvnw -B -o -Pwalkthroughs -pl deploy/local -am test}.
 */
@org.junit.jupiter.api.Tag("integration")
@org.junit.jupiter.api.Tag("walkthroughs")
@Order(Integer.MAX_VALUE)
class WalkthroughSystemTest {

    static final Path SCRIPTS = LocalPlatform.ROOT.resolve("docs").resolve("walkthroughs");
    static final Path LOGS = Path.of("target", "walkthroughs").toAbsolutePath();

    /**
     * The demo settings of {@code docs/walkthroughs/README.md}, shorter: sessions may start up to 30 days ahead;
     * the monitor checks in at 5 and 10 s after the start, a check more than 5 s late is missed; discharge after
     * 30 s; coaching lasts 5 minutes, within 3 hours of a session; reminders 2 minutes and 1 minute ahead; no quiet
     * hours.
     */
    static final String SETTINGS = "{\"care\":{\"session\":{\"start-window\":\"P30D\",\"minimum-monitoring\":\"PT30S\","
            + "\"monitor-check-interval\":\"PT5S\",\"monitor-check-window\":\"PT10S\",\"monitor-check-grace\":\"PT5S\","
            + "\"timer-poll-interval\":\"PT1S\"},"
            + "\"scheduling\":{\"pacing\":{\"integration-coaching-from\":\"PT0S\",\"integration-coaching-until\":\"PT3H\","
            + "\"buffer\":\"PT0M\",\"durations\":{\"INTEGRATION_COACHING\":\"PT5M\"}}},"
            + "\"integration\":{\"coaching-window-start\":\"PT0S\",\"coaching-window-end\":\"PT3H\"},"
            + "\"notification\":{\"appointment-reminders\":\"PT2M,PT1M\",\"quiet-start\":\"00:00\",\"quiet-end\":\"00:00\"}}}";

    private static Script pathway;
    private static Script reminders;

    @BeforeAll
    static void runTheWalkthroughs() throws Exception {
        assumeTrue(onPath("bash"), "bash is not installed");
        assumeTrue(onPath("curl"), "curl is not installed");
        LocalPlatform platform = SystemPlatform.get(SETTINGS);
        Files.createDirectories(LOGS);
        Map<String, String> common = Map.of("CARE_GATEWAY_URL", platform.gateway, "STAFF_TIME_ZONE", staffTimeZone());
        pathway = Script.start("01-pathway.sh", common, Map.of("CHECK_IN_EVERY", "4", "CHECK_INS", "2",
                "MONITORING_WAIT_SECONDS", "120", "COACHING_WAIT_SECONDS", "1800"));
        reminders = Script.start("02-reminders-and-alerts.sh", common, Map.of("SLOT_LEAD_SECONDS", "150",
                "MESSAGE_WAIT_SECONDS", "600"));
    }

    @AfterAll
    static void stopWhatStillRuns() {
        for (Script script : new Script[] { pathway, reminders }) {
            if (script != null) {
                script.stop();
            }
        }
    }

    @Test
    void fromRegistrationToTheEndOfTheProgram() throws Exception {
        String output = pathway.await(Duration.ofMinutes(45));
        assertThat(output).contains("== The program is complete, each measure with its flags",
                "Walk-through complete: patient");
    }

    @Test
    void remindersAndAlertsArriveInDevMessages() throws Exception {
        String output = reminders.await(Duration.ofMinutes(20));
        assertThat(output).contains("\"channel\":\"SMS\"", "\"channel\":\"EMAIL\"", "on-call@clinic.example",
                "Walk-through complete: reminders and the alert");
    }

    /**
     * A zone where it is day now, so that a coach's or clinician's availability of 00:00–23:55 has free slots in the
     * next hours whatever the time the test runs.
     */
    static String staffTimeZone() {
        int hour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
        return hour >= 2 && hour < 20 ? "Etc/UTC" : "Etc/GMT-12";
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** One walk-through running with bash, its output in a log file. */
    record Script(String name, Process process, Path log) {

        static Script start(String name, Map<String, String> common, Map<String, String> own) throws IOException {
            Path log = LOGS.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder("bash", SCRIPTS.resolve(name).toString())
                    .directory(LocalPlatform.ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(common);
            builder.environment().putAll(own);
            return new Script(name, builder.start(), log);
        }

        /** Waits for the script to end and answers its output; fails unless it ended with exit code 0. */
        String await(Duration limit) throws Exception {
            boolean ended = process.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                stop();
            }
            String output = Files.readString(log);
            assertThat(ended).as("%s ended within %s; its output:%n%s", name, limit, output).isTrue();
            assertThat(process.exitValue()).as("%s's exit code; its output:%n%s", name, output).isZero();
            return output;
        }

        void stop() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}

package care.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The whole platform as processes, as `./dev-stack up` runs it, started once for every system test class of the
 * test JVM (starting it takes most of a minute) and stopped when the JVM ends: the gateway, the five services
 * and the web app behind the gateway on a Kafka broker process and the store, with the local mode's SMTP server
 * and text-provider stand-in. Session durations are shortened and quiet hours switched off, as for a demo. Logs
 * stay in {@code target/system-platform/logs}. A test class that needs other settings asks for them with
 * {@link #get(String)}: one platform runs at a time, so the running one is stopped before one with other settings
 * starts.
 */
final class SystemPlatform {

    /**
     * Sessions may start up to 30 days ahead and discharge after 3 s of monitoring; the monitor checks in once,
     * 20 s after the start, and misses the check 5 s later (well after the API-level tests have discharged, in time
     * for the browser test to watch the console show the missed check); no quiet hours, so patients' messages go
     * whatever the time of day the test runs.
     */
    static final String SHORT_SESSIONS = "{\"care\":{\"session\":{\"start-window\":\"P30D\","
            + "\"minimum-monitoring\":\"PT3S\",\"timer-poll-interval\":\"PT1S\","
            + "\"monitor-check-interval\":\"PT20S\",\"monitor-check-window\":\"PT20S\","
            + "\"monitor-check-grace\":\"PT5S\"},"
            + "\"notification\":{\"quiet-start\":\"00:00\",\"quiet-end\":\"00:00\"}}}";
    static final String WEBHOOK_SECRET = "system-test-webhook-secret";

    private static LocalPlatform platform;
    private static String platformSettings;
    private static MessageStandIns messages;
    private static boolean stopHookAdded;

    private SystemPlatform() {
    }

    /** The running platform with the {@link #SHORT_SESSIONS} settings, started on first use. */
    static synchronized LocalPlatform get() throws Exception {
        return get(SHORT_SESSIONS);
    }

    /**
     * The running platform with these settings ({@code SPRING_APPLICATION_JSON} of every application): the running
     * one if it has them; otherwise the running one, if any, is stopped and one with these settings is started.
     */
    static synchronized LocalPlatform get(String settings) throws Exception {
        if (platform != null && !platformSettings.equals(settings)) {
            stop();
        }
        if (platform == null) {
            Path state = Path.of("target", "system-platform").toAbsolutePath();
            Files.createDirectories(state);
            try (var old = Files.list(state)) {
                for (Path entry : old.toList()) {
                    deleteRecursively(entry);
                }
            }
            messages = new MessageStandIns(MongoStoreTest.freePort(), MongoStoreTest.freePort(),
                    "http://localhost:9/none", WEBHOOK_SECRET);
            messages.start();
            LocalPlatform started = new LocalPlatform(state);
            if (!stopHookAdded) {
                Runtime.getRuntime().addShutdownHook(new Thread(SystemPlatform::stop, "system-platform-stop"));
                stopHookAdded = true;
            }
            platform = started.start(List.of("gateway", "intake-service", "scheduling-service", "session-service",
                    "integration-service", "notification-service", "web"), Map.of(
                            "SPRING_APPLICATION_JSON", settings,
                            "SPRING_MAIL_PORT", String.valueOf(messages.smtpPort()),
                            "CARE_NOTIFICATION_PROVIDERS_SMS_BASEURL", messages.url() + "/sms",
                            "CARE_NOTIFICATION_WEBHOOKSECRET", WEBHOOK_SECRET,
                            "CARE_DEV_MESSAGES_URL", messages.url()));
            // Delivery reports reach the notification service through the gateway, as a provider's would.
            messages.reportTo(platform.gateway + "/api/notifications/webhooks");
            platformSettings = settings;
        }
        return platform;
    }

    /** The SMTP server and text-provider stand-in of the running platform (started by {@link #get()}). */
    static synchronized MessageStandIns messages() {
        return messages;
    }

    private static synchronized void stop() {
        try {
            if (platform != null) {
                platform.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (messages != null) {
                messages.stop();
            }
            platform = null;
            platformSettings = null;
            messages = null;
        }
    }

    private static void deleteRecursively(Path path) throws java.io.IOException {
        if (Files.isDirectory(path)) {
            try (var children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteRecursively(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}

package care.local;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ./dev-stack up} prints: progress lines stamped with the seconds since the start, what failed with
 * the last lines of its log, the summary of where everything is once all is UP (with a curl that calls the API),
 * the warning when the applications are reachable from the network, and the stop's report. Connection strings are
 * printed without their passwords.
 */
final class StackConsole {

    /** The services whose OpenAPI documents the gateway serves at {@code /v3/api-docs/<name>}. */
    static final String API_DOC_NAMES = "intake|scheduling|session|integration|notification";

    private final StackConfig config;
    private final PrintStream out;
    private final long startedAt = System.nanoTime();

    StackConsole(StackConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    void println(String line) {
        out.println(line);
    }

    void println() {
        out.println();
    }

    void flush() {
        out.flush();
    }

    void progress(String line) {
        if (line.startsWith("  | ")) {
            out.println(line);
            out.flush();
            return;
        }
        out.printf(Locale.ROOT, "  [%5.1fs] %s%n", elapsedSeconds(), line);
        out.flush();
    }

    void progress(String what, String state, String detail) {
        out.printf(Locale.ROOT, "  [%5.1fs] %-22s %-9s %s%n", elapsedSeconds(), what, state, detail);
        out.flush();
    }

    void failed(String why, ChildProcess child) {
        out.println();
        out.println("FAILED: " + why + ". Last lines of " + config.display(child.logFile()) + ":");
        child.logTail(25).forEach(line -> out.println("  | " + line));
        out.flush();
    }

    /** Says loudly that the applications are reachable from the network, when they are; true when it did. */
    boolean warnIfOnNetwork() {
        if (LocalNetwork.isLoopback(config.bindAddress())) {
            return false;
        }
        out.println("!!! WARNING: " + LocalNetwork.BIND_ADDRESS + "=" + config.bindAddress()
                + " is not a loopback address:"
                + " the gateway, the services and their management ports are reachable from the network,"
                + " and local mode's development tokens let anyone become ADMIN. !!!");
        out.flush();
        return true;
    }

    void summary(String mongoUri, String kafkaServers) {
        double seconds = elapsedSeconds();
        String host = config.displayHost();
        out.println();
        out.printf(Locale.ROOT, "All %d applications are UP after %.1f s.%n%n", DevStack.APPS.size(), seconds);
        String gateway = StackConfig.gateway().url(host);
        out.println("  Web app (use this)     " + gateway + "/");
        out.println("  Gateway (API)          " + gateway);
        out.println("  API docs (Swagger UI)  " + gateway + "/api-docs");
        out.println("  OpenAPI documents      " + gateway + "/v3/api-docs/{" + API_DOC_NAMES + "}");
        out.println();
        out.printf(Locale.ROOT, "  %-22s %-36s %s%n", "", "public port: API, /livez, /readyz",
                "management port: /actuator/health, /actuator/prometheus");
        for (ServiceApp app : DevStack.APPS) {
            out.printf(Locale.ROOT, "  %-22s %-36s %s%n", app.name(), app.url(host), app.managementUrl(host));
        }
        out.println();
        out.println("  Kafka                  " + kafkaServers);
        out.println("  MongoDB                " + redact(mongoUri));
        out.println("  Dev messages           " + gateway + "/dev/messages?to=<address>  (SMTP localhost:"
                + MessageStandIns.SMTP_PORT + ", SMS stand-in localhost:" + MessageStandIns.HTTP_PORT + ")");
        out.println();
        out.println("Get a development token and call the API through the gateway:");
        out.println();
        out.println("  TOKEN=$(curl -s -X POST " + gateway + "/dev/tokens -H 'Content-Type: application/json' \\");
        out.println("    -d '{\"subject\":\"dev-clinician\",\"roles\":[\"CLINICIAN\"]}' | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')");
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + gateway + "/api/intake/caller");
        String token = mintToken();
        if (token != null) {
            out.println();
            out.println("Or, with a token valid for one hour:");
            out.println();
            out.println("  curl -s -H 'Authorization: Bearer " + token + "' " + gateway + "/api/intake/caller");
        }
        out.println();
        if (warnIfOnNetwork()) {
            out.println();
        }
        out.println("Press Ctrl-C to stop everything. Data stays in " + config.display(config.dataDir())
                + "/ for the next start.");
        out.flush();
    }

    /** Starts the stop's report, when there is anything to stop. */
    void stopping() {
        out.println();
        out.println("Stopping...");
        out.flush();
    }

    void killed(List<String> names) {
        out.println("  killed (did not stop in time): " + String.join(", ", names));
    }

    void stopped(long beganNanos) {
        out.printf(Locale.ROOT, "Stopped in %.1f s. Data kept in %s/%n", (System.nanoTime() - beganNanos) / 1e9,
                config.display(config.dataDir()));
        out.flush();
    }

    private String mintToken() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(StackConfig.gateway().url(config.host()) + "/dev/tokens"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"subject\":\"dev-clinician\",\"roles\":[\"CLINICIAN\"]}"))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
            return response.statusCode() == 200 && token.find() ? token.group(1) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startedAt) / 1e9;
    }

    /** A connection string without its password, for printing. */
    static String redact(String uri) {
        return uri.replaceAll("://([^:/@]+):([^@]+)@", "://$1:***@");
    }
}

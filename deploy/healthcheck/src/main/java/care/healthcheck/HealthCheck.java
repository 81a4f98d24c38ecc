package care.healthcheck;

import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A container health check for images without a shell or curl:
 * {@code java -cp /opt/care/healthcheck care.healthcheck.HealthCheck http://127.0.0.1:8080/readyz} asks the URL
 * once with a GET and exits 0 on a 2xx answer, 1 on anything else (another status, a refused connection, no
 * connection within 2 s, no complete answer within 4 s). On failure it prints one line with the reason, never the
 * answer's body. Only the JDK: it runs from its own directory, off the application's class path.
 */
public final class HealthCheck {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(4);

    private HealthCheck() {
    }

    public static void main(String[] args) {
        int status;
        if (args.length != 1) {
            System.err.println("usage: java care.healthcheck.HealthCheck http://127.0.0.1:<port>/<path>");
            status = 1;
        } else {
            status = check(args[0], CONNECT_TIMEOUT, TOTAL_TIMEOUT, System.err);
        }
        // The HTTP client's threads must not keep the JVM alive after a timeout.
        System.exit(status);
    }

    /** 0 when {@code url} answers a GET with a 2xx status within the time limits, else 1 with a line on {@code out}. */
    static int check(String url, Duration connectTimeout, Duration totalTimeout, PrintStream out) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            out.println("unhealthy: not a URL: " + url);
            return 1;
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            out.println("unhealthy: not an http(s) URL: " + url);
            return 1;
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(totalTimeout).GET().build();
        CompletableFuture<HttpResponse<Void>> answer = client.sendAsync(request,
                HttpResponse.BodyHandlers.discarding());
        try {
            int status = answer.get(totalTimeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            if (status >= 200 && status < 300) {
                return 0;
            }
            out.println("unhealthy: " + uri + " answered " + status);
        } catch (TimeoutException e) {
            answer.cancel(true);
            out.println("unhealthy: " + uri + " gave no complete answer within " + totalTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            out.println("unhealthy: " + uri + " " + reason(e.getCause(), connectTimeout, totalTimeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("unhealthy: interrupted");
        }
        return 1;
    }

    private static String reason(Throwable cause, Duration connectTimeout, Duration totalTimeout) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "accepted no connection within " + connectTimeout.toMillis() + " ms";
        }
        if (cause instanceof HttpTimeoutException) {
            return "gave no answer within " + totalTimeout.toMillis() + " ms";
        }
        if (cause instanceof ConnectException) {
            return "refused the connection";
        }
        return "failed: " + (cause == null ? "unknown error" : cause.getClass().getSimpleName());
    }
}

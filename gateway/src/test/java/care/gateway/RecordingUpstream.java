package care.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server standing in for a downstream service: it records each request it receives and answers with a
 * given status, after a given delay, with a given body.
 */
final class RecordingUpstream implements AutoCloseable {

    record Received(String method, String pathAndQuery, String authorization, String body,
            Map<String, String> headers) {
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger calls = new AtomicInteger();

    RecordingUpstream(String name) {
        this(200, 0, ("{\"service\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    RecordingUpstream(int status, long delayMillis, byte[] answer) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((header, values) -> headers.put(header, String.join(",", values)));
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body, headers));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            } catch (IOException clientGone) {
                // The gateway gave up waiting.
            }
        });
        server.start();
    }

    /** The URL of a local port nobody listens on: a service that is down. */
    static String nobodyListening() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Received next() throws InterruptedException {
        return received.poll(10, TimeUnit.SECONDS);
    }

    /** Forgets what was received so far. */
    void clear() {
        received.clear();
    }

    /** How many requests reached this upstream. */
    int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

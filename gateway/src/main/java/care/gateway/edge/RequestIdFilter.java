package care.gateway.edge;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request gets an {@code X-Request-Id} (the client's when it is a plain token of at most 128 characters, a
 * new UUID otherwise) and a W3C {@code traceparent} (the client's when well formed, a new one otherwise). Both go
 * to the service, which also takes the request id as its correlation id when the client sent none, so that the
 * events the request causes can be found by it; the answer carries the request id.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

    public static final String REQUEST_ID = "X-Request-Id";
    public static final String TRACEPARENT = "traceparent";
    static final String CORRELATION_ID = "X-Correlation-Id";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TRACE = Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = valid(request.getHeader(REQUEST_ID), ID) ? request.getHeader(REQUEST_ID)
                : UUID.randomUUID().toString();
        String traceparent = request.getHeader(TRACEPARENT);
        traceparent = traceparent != null && TRACE.matcher(traceparent.toLowerCase(Locale.ROOT)).matches()
                ? traceparent.toLowerCase(Locale.ROOT) : newTraceparent();
        Map<String, String> replaced = new LinkedHashMap<>();
        replaced.put(REQUEST_ID.toLowerCase(Locale.ROOT), requestId);
        replaced.put(TRACEPARENT, traceparent);
        if (!valid(request.getHeader(CORRELATION_ID), ID)) {
            replaced.put(CORRELATION_ID.toLowerCase(Locale.ROOT), requestId);
        }
        response.setHeader(REQUEST_ID, requestId);
        chain.doFilter(new WithHeaders(request, replaced), response);
    }

    private static boolean valid(String value, Pattern pattern) {
        return value != null && pattern.matcher(value).matches();
    }

    static String newTraceparent() {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        RANDOM.nextBytes(trace);
        RANDOM.nextBytes(span);
        trace[0] |= 1;
        span[0] |= 1;
        return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(span) + "-01";
    }

    /** The request as the services see it: these headers replaced (names in lower case). */
    private static final class WithHeaders extends HttpServletRequestWrapper {

        private final Map<String, String> replaced;

        WithHeaders(HttpServletRequest request, Map<String, String> replaced) {
            super(request);
            this.replaced = replaced;
        }

        @Override
        public String getHeader(String name) {
            String value = replaced.get(name.toLowerCase(Locale.ROOT));
            return value != null ? value : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = replaced.get(name.toLowerCase(Locale.ROOT));
            return value != null ? Collections.enumeration(java.util.List.of(value)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            for (Enumeration<String> own = super.getHeaderNames(); own.hasMoreElements();) {
                String name = own.nextElement();
                if (!replaced.containsKey(name.toLowerCase(Locale.ROOT))) {
                    names.add(name);
                }
            }
            names.addAll(replaced.keySet());
            return Collections.enumeration(names);
        }
    }
}

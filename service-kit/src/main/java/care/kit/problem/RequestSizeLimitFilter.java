package care.kit.problem;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over the configured size ({@code care.http.max-body-size}) with a 413 problem,
 * whether the client declared the length or streams the body: nothing oversized reaches a parser.
 */
public class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long limit;
    private final JsonMapper json = JsonMapper.builder().build();

    public RequestSizeLimitFilter(long limit) {
        this.limit = limit;
    }

    static final class TooLarge extends IOException {
        TooLarge() {
            super("request body too large");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            reject(request, response);
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    void reject(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemTypes.uri("body-too-large").toString());
        body.put("title", "Request body too large");
        body.put("status", HttpStatus.CONTENT_TOO_LARGE.value());
        body.put("detail", "The request body is larger than " + limit + " bytes.");
        body.put("instance", request.getRequestURI());
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream delegate = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int value = delegate.read();
                        if (value >= 0 && ++read > limit) {
                            throw new TooLarge();
                        }
                        return value;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int count = delegate.read(buffer, offset, length);
                        if (count > 0 && (read += count) > limit) {
                            throw new TooLarge();
                        }
                        return count;
                    }

                    @Override
                    public boolean isFinished() {
                        return delegate.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return delegate.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        delegate.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}

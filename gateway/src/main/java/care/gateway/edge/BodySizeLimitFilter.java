package care.gateway.edge;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Body sizes at the edge. A request body over the limit is refused with 413 before it reaches a service, whether
 * its length was declared or it is streamed (the stream is cut where it passes the limit). An answer that
 * declares a body over the limit is replaced by a 502 problem; one that streams past it is cut off.
 */
public final class BodySizeLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BodySizeLimitFilter.class);

    private final long requestLimit;
    private final long responseLimit;

    public BodySizeLimitFilter(long requestLimit, long responseLimit) {
        this.requestLimit = requestLimit;
        this.responseLimit = responseLimit;
    }

    static final class TooLarge extends IOException {
        TooLarge(String what) {
            super(what + " body too large");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > requestLimit) {
            Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
                    "Request body too large", "The request body is larger than " + requestLimit + " bytes.");
            return;
        }
        // Answers from the services are limited; the gateway's own files (the API documentation UI) are not.
        LimitedResponse limitedResponse = request.getRequestURI().startsWith("/webjars/") ? null
                : new LimitedResponse(response, responseLimit);
        try {
            chain.doFilter(new LimitedRequest(request, requestLimit), limitedResponse == null ? response : limitedResponse);
        } catch (Exception failure) {
            if (causedBy(failure, "request") && !response.isCommitted()) {
                Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
                        "Request body too large", "The request body is larger than " + requestLimit + " bytes.");
                return;
            }
            throw failure;
        }
        if (limitedResponse != null && limitedResponse.declaredTooLarge) {
            log.warn("Upstream answer to {} {} declared a body over {} bytes; replaced by 502", request.getMethod(),
                    request.getRequestURI(), responseLimit);
        }
    }

    private static boolean causedBy(Throwable failure, String what) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLarge tooLarge && tooLarge.getMessage().startsWith(what)) {
                return true;
            }
        }
        return false;
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream delegate = super.getInputStream();
                stream = new ServletInputStream() {
                    private long count;

                    @Override
                    public int read() throws IOException {
                        int value = delegate.read();
                        if (value >= 0 && ++count > limit) {
                            throw new TooLarge("request");
                        }
                        return value;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int read = delegate.read(buffer, offset, length);
                        if (read > 0 && (count += read) > limit) {
                            throw new TooLarge("request");
                        }
                        return read;
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

    private static final class LimitedResponse extends HttpServletResponseWrapper {

        private final long limit;
        private ServletOutputStream stream;
        boolean declaredTooLarge;

        LimitedResponse(HttpServletResponse response, long limit) {
            super(response);
            this.limit = limit;
        }

        @Override
        public void setContentLengthLong(long length) {
            if (length > limit) {
                declaredTooLarge = true;
                return;
            }
            super.setContentLengthLong(length);
        }

        @Override
        public void setContentLength(int length) {
            setContentLengthLong(length);
        }

        @Override
        public void setHeader(String name, String value) {
            if ("Content-Length".equalsIgnoreCase(name) && value != null && value.matches("\\d{1,19}")) {
                setContentLengthLong(Long.parseLong(value));
                return;
            }
            super.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            if ("Content-Length".equalsIgnoreCase(name) && value != null && value.matches("\\d{1,19}")) {
                setContentLengthLong(Long.parseLong(value));
                return;
            }
            super.addHeader(name, value);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream delegate = super.getOutputStream();
                if (declaredTooLarge && !isCommitted()) {
                    Problems.write((HttpServletResponse) getResponse(), HttpStatus.BAD_GATEWAY,
                            "upstream-response-too-large", "Bad gateway",
                            "The service's answer is larger than the gateway passes on.", null);
                    delegate.flush();
                    stream = new Discarding();
                    return stream;
                }
                stream = new ServletOutputStream() {
                    private long count;

                    @Override
                    public void write(int value) throws IOException {
                        if (++count > limit) {
                            throw new TooLarge("response");
                        }
                        delegate.write(value);
                    }

                    @Override
                    public void write(byte[] buffer, int offset, int length) throws IOException {
                        if ((count += length) > limit) {
                            throw new TooLarge("response");
                        }
                        delegate.write(buffer, offset, length);
                    }

                    @Override
                    public void flush() throws IOException {
                        delegate.flush();
                    }

                    @Override
                    public boolean isReady() {
                        return delegate.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        delegate.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }
    }

    /** Where the rest of an answer that was replaced goes. */
    private static final class Discarding extends ServletOutputStream {

        @Override
        public void write(int value) {
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }
    }
}

package care.gateway.edge;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's own answers (refused token, rate limit, body too large, service unavailable) as RFC 9457
 * problem details with the same {@code urn:care:problem:*} types as the services. Never a stack trace, a token
 * or anything from the request body.
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    public static URI type(String code) {
        return URI.create("urn:care:problem:" + code);
    }

    public static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(code));
        problem.setTitle(title);
        return problem;
    }

    /** Writes the problem as the whole answer, unless one is already on its way. */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
            String title, String detail) throws IOException {
        write(response, status, code, title, detail, request.getRequestURI());
    }

    /** As {@link #write(HttpServletRequest, HttpServletResponse, HttpStatus, String, String, String)}, for a path. */
    public static void write(HttpServletResponse response, HttpStatus status, String code, String title, String detail,
            String instance) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type(code).toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        response.resetBuffer();
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), body);
    }
}

package care.kit.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import care.kit.audit.AuditTrail;
import care.kit.problem.ProblemTypes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 401 and 403 with RFC 9457 problem details (and the RFC 6750 {@code WWW-Authenticate} header),
 * and leaves an audit line for every denial. Neither the body nor the log carries token contents.
 */
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final Logger AUDIT = LoggerFactory.getLogger("care.audit.security");

    private final JsonMapper json;
    private final ObjectProvider<AuditTrail> audit;

    ProblemSecurityHandlers(JsonMapper json, ObjectProvider<AuditTrail> audit) {
        this.json = json;
        this.audit = audit;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        // RFC 6750: say that a bearer token is needed, or that the one given is invalid; never why.
        response.setHeader("WWW-Authenticate",
                failure instanceof InvalidBearerTokenException ? "Bearer error=\"invalid_token\"" : "Bearer");
        AUDIT.warn("authentication required: {} {} ({})", request.getMethod(), request.getRequestURI(),
                failure.getClass().getSimpleName());
        write(request, response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED,
                "A valid bearer token is required.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
        Caller caller = request.getUserPrincipal() instanceof JwtAuthenticationToken token
                ? Caller.from(token.getToken())
                : new Caller(request.getUserPrincipal() == null ? "-" : request.getUserPrincipal().getName(), Set.of(),
                        Optional.empty());
        AUDIT.warn("access denied: subject={} {} {}", AuditTrail.actorId(caller.subject()), request.getMethod(),
                request.getRequestURI());
        audit.ifAvailable(trail -> trail.recordRefusal(caller, action(request)));
        write(request, response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN,
                "The caller is not allowed to do this.");
    }

    /** The refused request as an audit action code: its method and the path's first segments, ids left out. */
    static String action(HttpServletRequest request) {
        StringBuilder action = new StringBuilder("http.").append(request.getMethod().toLowerCase());
        int segments = 0;
        for (String segment : request.getRequestURI().split("/")) {
            if (segments == 4) {
                break;
            }
            if (segment.matches("[a-z][a-z0-9-]{0,40}")) {
                action.append('.').append(segment);
                segments++;
            }
        }
        return action.toString();
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
            String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }
}

package care.web.gateway;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import care.web.WebProperties;
import care.web.security.AccessTokens;
import care.web.security.SignInRequired;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the platform's API through the gateway ({@code care.web.gateway-url}) with the signed-in user's bearer
 * token, forwarding the request id of the page request (or a new one). Problem answers become {@link ApiProblem}s;
 * a 401 (the token expired or was revoked) becomes {@link SignInRequired}, which sends the user to sign in.
 */
@Component
public class GatewayClient {

    static final String REQUEST_ID = "X-Request-Id";
    private static final Pattern REQUEST_ID_FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final RestClient client;
    private final AccessTokens tokens;
    private final JsonMapper json;

    GatewayClient(RestClient.Builder builder, WebProperties properties, AccessTokens tokens, JsonMapper json) {
        this.tokens = tokens;
        this.json = json;
        this.client = builder.clone()
                .baseUrl(properties.gatewayUrl().toString())
                .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE + ", "
                        + MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                    throw problem(response);
                })
                .build();
    }

    /** Local mode: a development token for this identity from the gateway's {@code POST /dev/tokens}. */
    public String developmentToken(String subject, List<String> roles, String patientId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", subject);
        body.put("roles", roles);
        if (patientId != null) {
            body.put("patientId", patientId);
        }
        JsonNode answer = client.post().uri("/dev/tokens")
                .header(REQUEST_ID, requestId())
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .body(JsonNode.class);
        String token = answer == null ? null : answer.path("access_token").asString(null);
        if (token == null || token.isBlank()) {
            throw new ApiProblem(502, null, "No token", "The gateway did not issue a development token.", List.of());
        }
        return token;
    }

    /** GET an API resource as the signed-in user. */
    public <T> T get(String path, Class<T> type, Object... uriVariables) {
        return client.get().uri(path, uriVariables)
                .headers(this::asUser)
                .retrieve()
                .body(type);
    }

    /** POST JSON to the API as the signed-in user. */
    public <T> T post(String path, Object body, Class<T> type, Object... uriVariables) {
        return client.post().uri(path, uriVariables)
                .headers(this::asUser)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .body(type);
    }

    /**
     * POST JSON to the API as the signed-in user with extra request headers, e.g. an {@code Idempotency-Key} that
     * makes a repeated submit one booking.
     */
    public <T> T post(String path, Object body, Map<String, String> headers, Class<T> type, Object... uriVariables) {
        return client.post().uri(path, uriVariables)
                .headers(this::asUser)
                .headers(extra -> headers.forEach(extra::set))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .body(type);
    }

    /** PUT JSON to the API as the signed-in user. */
    public <T> T put(String path, Object body, Class<T> type, Object... uriVariables) {
        return client.put().uri(path, uriVariables)
                .headers(this::asUser)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .body(type);
    }

    /** DELETE an API resource as the signed-in user. */
    public void delete(String path, Object... uriVariables) {
        client.delete().uri(path, uriVariables)
                .headers(this::asUser)
                .retrieve()
                .toBodilessEntity();
    }

    private void asUser(HttpHeaders headers) {
        headers.setBearerAuth(tokens.current());
        headers.set(REQUEST_ID, requestId());
    }

    /** The page request's id when it came with a well-formed one (the gateway sets it), else a new one. */
    static String requestId() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            HttpServletRequest request = servlet.getRequest();
            String incoming = request.getHeader(REQUEST_ID);
            if (incoming != null && REQUEST_ID_FORMAT.matcher(incoming).matches()) {
                return incoming;
            }
        }
        return UUID.randomUUID().toString();
    }

    private RuntimeException problem(ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        if (status == 401) {
            return new SignInRequired();
        }
        MediaType contentType = response.getHeaders().getContentType();
        if (contentType == null || !(contentType.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                || contentType.isCompatibleWith(MediaType.APPLICATION_JSON))) {
            return new ApiProblem(status, null, null, null, List.of());
        }
        JsonNode body;
        try {
            body = json.readTree(response.getBody());
        } catch (RuntimeException notJson) {
            return new ApiProblem(status, null, null, null, List.of());
        }
        List<ApiProblem.FieldMessage> errors = new ArrayList<>();
        for (JsonNode error : body.path("errors")) {
            errors.add(new ApiProblem.FieldMessage(error.path("field").asString(null), error.path("message").asString(null)));
        }
        return new ApiProblem(status, body.path("type").asString(null), body.path("title").asString(null),
                body.path("detail").asString(null), errors);
    }
}

package care.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import tools.jackson.databind.JsonNode;

/** The web app in local mode against a stand-in for the gateway, over real HTTP. */
@org.junit.jupiter.api.Tag("integration")
class LocalSignInTest extends WebPageTest {

    static final String PATIENT_ID = "6f1c2e0a-3b7d-4c1e-9a55-0d2b8f4e7a10";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @LocalManagementPort
    int managementPort;

    @Test
    void signInPageOffersTheRolesWithAFreshPatientIdAndSecureHeaders() throws Exception {
        HttpResponse<String> page = new Browser(port).get("/sign-in");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sign in as", "value=\"PATIENT\"", "value=\"CLINICIAN\"", "value=\"COACH\"",
                "value=\"COORDINATOR\"", "value=\"ADMIN\"", "<label", "lang=\"en\"", "name=\"viewport\"",
                "<meta name=\"htmx-config\" content='{\"includeIndicatorStyles\":false,")
                .containsPattern("<script src=\"/webjars/htmx.org/[0-9.]+/dist/htmx.min.js\" defer>")
                .containsPattern("<link rel=\"stylesheet\" href=\"/webjars/picocss__pico/[0-9.]+/css/pico.min.css\">")
                .containsPattern("name=\"patientId\"[^>]*value=\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"")
                .doesNotContain("<script>", "style=");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(
                value -> assertThat(value).contains("no-store"));
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        // The CSRF token goes with every htmx request too.
        assertThat(page.body()).containsPattern("<body hx-headers=\"\\{&quot;X-CSRF-TOKEN&quot;:&quot;[^&]+&quot;\\}\"");
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("CARE_SESSION="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
    }

    @Test
    void postingWithoutTheCsrfTokenIsForbidden() throws Exception {
        Browser browser = new Browser(port);
        browser.get("/sign-in");
        HttpResponse<String> signIn = browser.post("/sign-in", Map.of("role", "PATIENT", "subject", "p-1",
                "patientId", PATIENT_ID));
        assertThat(signIn.statusCode()).isEqualTo(403);
        assertThat(GATEWAY.poll(300)).as("no token was asked for").isNull();
    }

    @Test
    void pagesNeedSignIn() throws Exception {
        Browser browser = new Browser(port);
        for (String path : List.of("/", "/register", "/program")) {
            HttpResponse<String> page = browser.get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(302);
            assertThat(page.headers().firstValue("Location")).as(path).hasValue("/sign-in");
        }
    }

    @Test
    void signingInAsAPatientAsksTheGatewayForATokenThatNeverReachesThePage() throws Exception {
        Browser browser = new Browser(port);
        String before = browser.get("/sign-in").headers().allValues("Set-Cookie").toString();
        HttpResponse<String> signIn = signIn(browser, "PATIENT", "patient-7", PATIENT_ID);

        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location")).hasValue("/");
        assertThat(signIn.headers().allValues("Set-Cookie").toString()).as("a new session id at sign-in")
                .contains("CARE_SESSION=").isNotEqualTo(before);
        GatewayStandIn.Received tokenRequest = GATEWAY.next();
        assertThat(tokenRequest.path()).isEqualTo("/dev/tokens");
        JsonNode asked = GatewayStandIn.JSON.readTree(tokenRequest.body());
        assertThat(asked.path("subject").asString()).isEqualTo("patient-7");
        assertThat(asked.path("roles").toString()).isEqualTo("[\"PATIENT\"]");
        assertThat(asked.path("patientId").asString()).isEqualTo(PATIENT_ID);

        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Signed in as", "Patient", "href=\"/register\"", "href=\"/program\"",
                "Sign out");
        GatewayStandIn.Received lookup = GATEWAY.next();
        assertThat(lookup.path()).isEqualTo("/api/intake/patients/" + PATIENT_ID);
        String token = lookup.headers().get("Authorization").substring("Bearer ".length());
        assertThat(token).isNotBlank();
        assertThat(lookup.headers().get("X-Request-Id")).isNotBlank();
        for (String path : List.of("/", "/program", "/register")) {
            assertThat(browser.get(path).body()).as(path).doesNotContain(token).doesNotContain("access_token");
        }
    }

    @Test
    void aRefusedFieldIsExplainedNextToItAndAValidRegistrationGoesHome() throws Exception {
        Browser browser = new Browser(port);
        signIn(browser, "PATIENT", "patient-8", PATIENT_ID);
        Map<String, String> form = new LinkedHashMap<>(Map.of("givenName", "Alex", "familyName", "Rivera",
                "dateOfBirth", "1985-04-23", "email", "alex@example.org", "phone", "415 555", "jurisdiction", "us-ca",
                "timeZone", "UTC"));
        GATEWAY.clear();

        HttpResponse<String> refused = browser.submit("/register", "/register", form);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .containsPattern("<input id=\"phone\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"phone-error\"")
                .containsPattern("<small id=\"phone-error\" class=\"field-message\">must be an E.164 number such as "
                        + "\\+14155550123</small>")
                .contains("The request has invalid fields.", "value=\"Alex\"")
                .doesNotContain("urn:care:problem", "\"errors\"", "{\"field\"");
        assertThat(refused.body()).doesNotContainPattern("id=\"email\"[^>]*aria-invalid");
        GatewayStandIn.Received post = nextPost();
        assertThat(post.headers().get("Authorization")).startsWith("Bearer ");
        JsonNode sent = GatewayStandIn.JSON.readTree(post.body());
        assertThat(sent.path("jurisdiction").asString()).isEqualTo("US-CA");
        assertThat(sent.path("phone").asString()).isEqualTo("415555");
        assertThat(sent.path("timeZone").asString()).isEqualTo("UTC");

        form.put("phone", "+14155550123");
        HttpResponse<String> accepted = browser.submit("/register", "/register", form);
        assertThat(accepted.statusCode()).isEqualTo(302);
        assertThat(accepted.headers().firstValue("Location")).hasValue("/");
        HttpResponse<String> home = browser.get("/");
        assertThat(home.body()).contains("The registration is saved.", "Welcome, Alex")
                .doesNotContain("href=\"/register\"");
        assertThat(browser.get("/program").body()).contains("You are registered", "Alex Rivera", "1 May 2026");
    }

    @Test
    void anExpiredTokenSendsTheUserBackToSignIn() throws Exception {
        Browser browser = new Browser(port);
        signIn(browser, "PATIENT", "patient-9", PATIENT_ID);
        GATEWAY.expireTokens(true);

        HttpResponse<String> home = browser.get("/");

        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location")).hasValue("/sign-in?expired");
        GATEWAY.expireTokens(false);
        assertThat(browser.get("/").headers().firstValue("Location")).as("the session ended").hasValue("/sign-in");

        // htmx requests are told to load the sign-in page in full.
        Browser htmx = new Browser(port);
        signIn(htmx, "PATIENT", "patient-9", PATIENT_ID);
        GATEWAY.expireTokens(true);
        HttpResponse<String> partial = htmx.get("/program", Map.of("HX-Request", "true"));
        assertThat(partial.statusCode()).isEqualTo(204);
        assertThat(partial.headers().firstValue("HX-Redirect")).hasValue("/sign-in?expired");
        HttpResponse<String> signedOut = htmx.get("/program", Map.of("HX-Request", "true"));
        assertThat(signedOut.statusCode()).isEqualTo(204);
        assertThat(signedOut.headers().firstValue("HX-Redirect")).hasValue("/sign-in");
    }

    @Test
    void staffSeeWhatTheyCanDoAndSignOutEndsTheSession() throws Exception {
        Browser browser = new Browser(port);
        HttpResponse<String> signIn = signIn(browser, "CLINICIAN", "clinician-1", "");
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(GatewayStandIn.JSON.readTree(GATEWAY.next().body()).has("patientId")).isFalse();

        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Clinic staff", "Clinician", "href=\"/api-docs\"")
                .doesNotContain("href=\"/register\"");
        HttpResponse<String> notAllowed = browser.get("/register");
        assertThat(notAllowed.statusCode()).as("a clinician does not register patients").isEqualTo(403);
        assertThat(notAllowed.body()).contains("Not allowed", "Signed in as").doesNotContain("Exception");
        HttpResponse<String> missing = browser.get("/no-such-page");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("Not found");

        HttpResponse<String> signOut = browser.submit("/", "/sign-out", Map.of());
        assertThat(signOut.statusCode()).isEqualTo(302);
        assertThat(signOut.headers().firstValue("Location")).hasValue("/sign-in?signed-out");
        assertThat(browser.get("/").headers().firstValue("Location")).hasValue("/sign-in");
    }

    @Test
    void aPatientNeedsAPatientId() throws Exception {
        Browser browser = new Browser(port);
        HttpResponse<String> refused = signIn(browser, "PATIENT", "patient-10", "not-a-uuid");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"patientId-error\"", "A patient id is a UUID");
    }

    @Test
    void assetsAreCacheableProbesArePublicActuatorIsOnTheManagementPort() throws Exception {
        Browser browser = new Browser(port);
        for (String asset : List.of("/webjars/htmx.org/dist/htmx.min.js", "/webjars/picocss__pico/css/pico.min.css",
                "/css/site.css", "/js/site.js")) {
            HttpResponse<String> response = browser.get(asset);
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).as(asset)
                    .hasValueSatisfying(value -> assertThat(value).contains("max-age=3600").doesNotContain("no-store"));
        }
        for (String probe : List.of("/livez", "/readyz")) {
            HttpResponse<String> response = browser.get(probe);
            assertThat(response.statusCode()).as(probe).isEqualTo(200);
            assertThat(response.body()).contains("\"status\":\"UP\"");
        }
        assertThat(browser.get("/actuator/health").statusCode()).isIn(302, 404);
        assertThat(new Browser(managementPort).get("/actuator/prometheus").body()).contains("application=\"web\"");
    }

    private static HttpResponse<String> signIn(Browser browser, String role, String subject, String patientId)
            throws Exception {
        return browser.submit("/sign-in", "/sign-in", Map.of("role", role, "subject", subject, "patientId", patientId));
    }

    private static GatewayStandIn.Received nextPost() throws InterruptedException {
        GatewayStandIn.Received next = GATEWAY.next();
        while (!next.method().equals("POST")) {
            next = GATEWAY.next();
        }
        return next;
    }
}

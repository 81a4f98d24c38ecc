package care.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web app in local mode on a random port, calling {@link #GATEWAY}, a stand-in for the gateway's API that every
 * page test shares (so they share one application context too). Each test starts with no recorded requests and no
 * prepared answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
@org.junit.jupiter.api.Tag("integration")
abstract class WebPageTest {

    static final GatewayStandIn GATEWAY = new GatewayStandIn();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(GATEWAY::close, "gateway-stand-in-stop"));
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("care.web.gateway-url", GATEWAY::url);
    }

    /** A cookie-keeping client signed in through "Sign in as"; the stand-in forgets the sign-in's requests. */
    Browser signedIn(String role, String subject, String patientId) throws Exception {
        Browser browser = new Browser(port);
        HttpResponse<String> signIn = browser.submit("/sign-in", "/sign-in", Map.of("role", role,
                "subject", subject, "patientId", patientId));
        assertThat(signIn.statusCode()).isEqualTo(302);
        GATEWAY.clear();
        return browser;
    }

    @BeforeEach
    void forgetTheGateway() {
        GATEWAY.forgetAnswers();
        GATEWAY.clear();
        GATEWAY.expireTokens(false);
    }
}

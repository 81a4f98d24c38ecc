package care.web;

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

    @BeforeEach
    void forgetTheGateway() {
        GATEWAY.forgetAnswers();
        GATEWAY.clear();
        GATEWAY.expireTokens(false);
    }
}

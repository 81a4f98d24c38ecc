package care.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

/** Outside local mode the app refuses to start without an identity provider: nobody could sign in. */
@org.junit.jupiter.api.Tag("integration")
class StartupTest {

    @Test
    void refusesToStartWithoutOidcOutsideLocalMode() {
        SpringApplication application = new SpringApplication(WebApplication.class);
        assertThatThrownBy(() -> application.run("--server.port=0", "--management.server.port=0",
                "--care.web.oidc.issuer-uri=", "--spring.main.banner-mode=off").close())
                .hasStackTraceContaining("No way to sign in: set CARE_OIDC_ISSUER_URI");
    }
}

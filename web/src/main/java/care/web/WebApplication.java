package care.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The web app for patients and clinic staff, a backend-for-frontend: server-rendered pages (Thymeleaf, htmx) that
 * call the platform's API through the gateway with the signed-in user's token, which stays in the server-side
 * session (see docs/web-app.md).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebApplication.class, args);
    }
}

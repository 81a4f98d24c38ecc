package care.kit.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** Problem details for every error: controller advice and the container's error page. */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@Import({ CareProblemHandler.class, ProblemErrorController.class })
public class ProblemDetailsAutoConfiguration {
}

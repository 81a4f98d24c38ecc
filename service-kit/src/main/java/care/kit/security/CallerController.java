package care.kit.security;

import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import care.kit.access.Allowed;

/**
 * {@code GET <api prefix>/caller}: who the service takes the caller to be. Lets a frontend (or an
 * operator with a token) check what a token grants without touching any patient data.
 */
@RestController
class CallerController {

    record CallerView(String subject, List<Role> roles, String patientId) {
    }

    @GetMapping("${care.service.api-prefix}/caller")
    @Allowed(authenticated = true)
    CallerView caller(@AuthenticationPrincipal Jwt jwt) {
        Caller caller = Caller.from(jwt);
        return new CallerView(caller.subject(), caller.roles().stream().sorted().toList(), caller.patientId().orElse(null));
    }
}

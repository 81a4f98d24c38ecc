package care.kit.inbox;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import care.kit.access.Allowed;
import care.kit.security.Role;

/**
 * Operators' view of the dead letters of a service (role ADMIN):
 * {@code GET <api prefix>/admin/dead-letters} lists them, and
 * {@code POST <api prefix>/admin/dead-letters/{topic}/{partition}/{offset}/replay} hands one to this service's
 * consumer again and answers once it has been applied (200), or with a 409 {@code replay-failed} problem when it
 * still cannot be.
 */
@RestController
@RequestMapping("${care.service.api-prefix}/admin/dead-letters")
@PreAuthorize("hasRole('ADMIN')")
class DeadLetterController {

    private final DeadLetterAdmin deadLetters;

    DeadLetterController(DeadLetterAdmin deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    @Allowed(roles = Role.ADMIN)
    List<DeadLetter> list(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and 1000");
        }
        return deadLetters.list(limit);
    }

    @PostMapping("/{topic}/{partition}/{offset}/replay")
    @Allowed(roles = Role.ADMIN)
    ResponseEntity<DeadLetter> replay(@PathVariable String topic, @PathVariable int partition,
            @PathVariable long offset, @AuthenticationPrincipal Jwt operator) {
        return deadLetters.replay(topic, partition, offset, operator.getSubject())
                .map(letter -> ResponseEntity.ok(letter))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such dead letter"));
    }
}

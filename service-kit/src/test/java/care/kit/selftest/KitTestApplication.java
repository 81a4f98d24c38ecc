package care.kit.selftest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import care.kit.access.Allowed;
import care.kit.access.Permission;
import care.kit.security.Role;

/** A minimal service built on service-kit, to test the kit itself. */
@SpringBootApplication
public class KitTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(KitTestApplication.class, args);
    }

    record Answers(@NotBlank String instrument, @NotNull @Size(min = 7, max = 7) List<@Min(0) @Max(3) Integer> items) {
    }

    @RestController
    static class KitTestController {

        private final care.kit.outbox.Outbox outbox;

        KitTestController(care.kit.outbox.Outbox outbox) {
            this.outbox = outbox;
        }

        @GetMapping("/api/kit/admin-only")
        @Allowed(roles = Role.ADMIN)
        @PreAuthorize("hasRole('ADMIN')")
        String adminOnly() {
            return "ok";
        }

        @PostMapping("/api/kit/answers")
        @Allowed(authenticated = true)
        int total(@Valid @RequestBody Answers answers) {
            return answers.items().stream().mapToInt(Integer::intValue).sum();
        }

        @PostMapping("/api/kit/plans/{consultationId}")
        @Allowed(authenticated = true)
        String createPlan(@org.springframework.web.bind.annotation.PathVariable java.util.UUID consultationId) {
            java.util.UUID patientId = java.util.UUID.randomUUID();
            Plan plan = new Plan(consultationId.toString(), patientId.toString());
            outbox.save(plan, List.of(new care.contracts.scheduling.TreatmentPlanCreated(java.util.UUID.randomUUID(),
                    patientId, java.time.Instant.now(), java.util.UUID.randomUUID(), consultationId,
                    java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), 6)));
            return patientId.toString();
        }

        @org.springframework.beans.factory.annotation.Autowired
        care.kit.access.PatientAccess access;

        /** A patient's most private data: what the journal endpoint of a service would answer. */
        @GetMapping("/api/kit/patients/{patientId}/journal")
        @Allowed(permission = Permission.JOURNAL_READ)
        String journal(@org.springframework.web.bind.annotation.PathVariable String patientId,
                @org.springframework.security.core.annotation.AuthenticationPrincipal org.springframework.security.oauth2.jwt.Jwt token) {
            care.kit.access.AccessDecision decision = access.check(token, patientId,
                    care.kit.access.Permission.JOURNAL_READ, "kit.journal.read").require();
            return "journal of " + decision.patientId() + " for " + decision.basis();
        }

        /** A record booked with a provider (a dosing session, say). */
        @GetMapping("/api/kit/patients/{patientId}/sessions/{sessionId}")
        @Allowed(permission = Permission.SESSION_READ)
        String session(@org.springframework.web.bind.annotation.PathVariable String patientId,
                @org.springframework.web.bind.annotation.PathVariable String sessionId,
                @org.springframework.web.bind.annotation.RequestParam String providerId,
                @org.springframework.security.core.annotation.AuthenticationPrincipal org.springframework.security.oauth2.jwt.Jwt token) {
            care.kit.access.AccessDecision decision = access.check(token, patientId,
                    care.kit.access.Permission.SESSION_READ, "kit.session.read").resource("The session", sessionId)
                    .bookedProvider(providerId, care.contracts.intake.StaffMemberChanged.StaffRole.CLINICIAN).require();
            return "session for " + decision.basis();
        }

        /** A refused action of each kind, as a domain rule would refuse it. */
        @PostMapping("/api/kit/refusals/{kind}")
        @Allowed(authenticated = true)
        String refuse(@org.springframework.web.bind.annotation.PathVariable care.kit.domain.Refusal.Kind kind) {
            throw switch (kind) {
                case NOT_FOUND -> care.kit.domain.Refusal.notFound("The plan");
                case CONFLICT -> care.kit.domain.Refusal.conflict("plan-ended", "The plan has ended.");
                case RULE -> care.kit.domain.Refusal.rule("minimum-gap-between-dosing", "Too close to another session",
                        "Dosing sessions are at least 48 hours apart.").with("earliest", "2026-12-03T09:00:00Z");
                case FORBIDDEN -> care.kit.domain.Refusal.forbidden("book-as-yourself", "Staff book with themselves.");
                case TOO_MANY -> care.kit.domain.Refusal.tooMany("too-many-screenings", "Try again later.",
                        java.time.Duration.ofMillis(90_500));
            };
        }

        /** Echoes the idempotency key and the canonical id it was given. */
        @PostMapping("/api/kit/plans/{planId}/notes")
        @Allowed(authenticated = true)
        String note(@org.springframework.web.bind.annotation.PathVariable java.util.UUID planId,
                care.kit.web.IdempotencyKey key) {
            return planId + " " + care.kit.web.IdempotencyKey.valueOf(key);
        }

        @GetMapping("/api/kit/failure")
        @Allowed(authenticated = true)
        String failure() {
            throw new IllegalStateException("lookup failed for jane.doe@example.com");
        }
    }
}

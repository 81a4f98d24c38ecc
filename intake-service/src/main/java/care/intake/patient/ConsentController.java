package care.intake.patient;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import care.intake.IntakeProperties;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;

/** Consents for treatment and for SMS and e-mail contact. A withdrawal is recorded as a new entry. */
@RestController
class ConsentController {

    record ConsentRequest(@NotNull Patient.ConsentType type, @NotNull Boolean granted) {
    }

    record ConsentView(String consentId, Patient.ConsentType type, boolean granted, Instant recordedAt) {
    }

    private final Patients patients;
    private final PatientAccess access;
    private final IntakeProperties properties;
    private final Clock clock;

    ConsentController(Patients patients, PatientAccess access, IntakeProperties properties, Clock clock) {
        this.patients = patients;
        this.access = access;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping("/api/intake/patients/{patientId}/consents")
    @Allowed(permission = Permission.CONSENT_RECORD)
    ResponseEntity<ConsentView> record(@PathVariable String patientId, @Valid @RequestBody ConsentRequest request,
            @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId, Permission.CONSENT_RECORD, "intake.consent.record")
                .require();
        String consentId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        patients.update(decision.patientId(), patient -> patient.recordConsent(consentId, request.type(),
                request.granted(), decision.caller().subject(), properties.consentFormVersion(), now));
        return ResponseEntity.created(URI.create("/api/intake/patients/" + decision.patientId() + "/consents/"
                + consentId)).body(new ConsentView(consentId, request.type(), request.granted(), now));
    }
}

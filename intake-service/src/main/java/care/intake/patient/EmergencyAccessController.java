package care.intake.patient;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import care.kit.domain.Refusal;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;
import care.kit.access.Relationship;
import care.kit.access.StaffMember;
import care.kit.security.Caller;
import care.kit.security.Role;

/**
 * Emergency access ("break the glass"): any registered clinician, with a reason, gets care-team-level access to
 * the patient in every service for a limited time. The opening is in the patient's access log with its reason;
 * the responsible clinician is told (EmergencyAccessGranted). Anyone else is refused, and that is recorded too.
 */
@RestController
class EmergencyAccessController {

    static final String ACTION = "intake.emergency-access.open";

    record EmergencyAccessRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    record Granted(String grantId, Instant expiresAt) {
    }

    private final PatientAccess access;
    private final Patients patients;
    private final CareTeamService careTeams;
    private final Counter opened;

    EmergencyAccessController(PatientAccess access, Patients patients, CareTeamService careTeams,
            MeterRegistry meters) {
        this.access = access;
        this.patients = patients;
        this.careTeams = careTeams;
        this.opened = Counter.builder("care.intake.emergency.access")
                .description("Emergency accesses opened by clinicians").register(meters);
    }

    @PostMapping("/api/intake/patients/{patientId}/emergency-access")
    @Allowed(roles = Role.CLINICIAN, permission = Permission.EMERGENCY_ACCESS_OPEN,
            note = "any registered clinician, with a reason")
    ResponseEntity<Granted> open(@PathVariable String patientId, @Valid @RequestBody EmergencyAccessRequest request,
            @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.from(token);
        Optional<StaffMember> clinician = access.registered(caller, StaffRole.CLINICIAN);
        if (clinician.isEmpty()) {
            // Nobody holds this permission through a relationship: the check records the refusal and answers it.
            access.check(caller, patientId, Permission.EMERGENCY_ACCESS_OPEN, ACTION).require();
            throw Refusal.forbidden("forbidden", "Only a registered clinician may open emergency access.");
        }
        String id = patientId(patientId);
        patients.find(id).orElseThrow(() -> Refusal.notFound("The patient"));
        String grantId = UUID.randomUUID().toString();
        access.record(new AccessDecision(caller, id, Permission.EMERGENCY_ACCESS_OPEN, ACTION,
                Set.of(Relationship.EMERGENCY_ACCESS), Relationship.EMERGENCY_ACCESS, null, grantId, null, null));
        EmergencyGrant grant = careTeams.openEmergencyAccess(id, grantId, clinician.get().staffId(),
                request.reason().strip());
        opened.increment();
        return ResponseEntity.created(URI.create("/api/intake/patients/" + id + "/care-team"))
                .body(new Granted(grant.grantId(), grant.expiresAt()));
    }

    private static String patientId(String value) {
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw Refusal.notFound("The patient");
        }
    }
}

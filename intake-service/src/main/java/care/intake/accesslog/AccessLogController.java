package care.intake.accesslog;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import care.intake.patient.EmergencyGrant;
import care.intake.patient.Patient;
import care.intake.patient.Patients;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;

/**
 * The patient's access log: who read or changed their data in any service, or was refused, newest first. An
 * access made under emergency access (or opening one) shows the grant with the reason the clinician gave.
 */
@RestController
class AccessLogController {

    record EmergencyAccess(String grantId, String reason, Instant expiresAt) {
    }

    record Item(Instant at, String service, String actorId, String actorRole, String action, String permission,
            String outcome, String basis, String reason, String resourceId,
            @JsonInclude(JsonInclude.Include.NON_NULL) EmergencyAccess emergencyAccess) {
    }

    record Page(List<Item> items, int page, int size) {
    }

    private final PatientAccess access;
    private final Patients patients;
    private final AccessLog accessLog;

    AccessLogController(PatientAccess access, Patients patients, AccessLog accessLog) {
        this.access = access;
        this.patients = patients;
        this.accessLog = accessLog;
    }

    @GetMapping("/api/intake/patients/{patientId}/access-log")
    @Allowed(permission = Permission.ACCESS_LOG_READ)
    Page read(@PathVariable String patientId, @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(100) int size, @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId, Permission.ACCESS_LOG_READ, "intake.access-log.read")
                .require();
        Patient patient = patients.get(decision.patientId());
        Map<String, EmergencyGrant> grants = new HashMap<>();
        patient.emergencyGrants().forEach(grant -> grants.put(grant.grantId(), grant));
        List<Item> items = accessLog.page(decision.patientId(), page, size).stream().map(entry -> {
            EmergencyGrant grant = entry.emergencyGrantId == null ? null : grants.get(entry.emergencyGrantId);
            EmergencyAccess emergency = entry.emergencyGrantId == null ? null
                    : new EmergencyAccess(entry.emergencyGrantId, grant == null ? null : grant.reason(),
                            grant == null ? null : grant.expiresAt());
            return new Item(entry.at, entry.service, entry.actorId, entry.actorRole, entry.action, entry.permission,
                    entry.outcome, entry.basis, entry.reason, entry.resourceId, emergency);
        }).toList();
        return new Page(items, page, size);
    }
}

package care.scheduling.provider;

import java.util.Optional;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.PatientAccess;
import care.kit.access.StaffMember;
import care.kit.audit.AuditTrail;
import care.kit.problem.ProblemException;
import care.kit.security.Caller;
import care.kit.security.Role;

/**
 * Who may act on a provider's own records (availability, calendar): the provider themself, registered in the
 * staff directory as a clinician or coach with that role in their token, or a coordinator. Refusals concern no
 * patient and are recorded as such.
 */
@Component
public class ProviderAccess {

    private final PatientAccess access;
    private final AuditTrail audit;

    ProviderAccess(PatientAccess access, AuditTrail audit) {
        this.access = access;
        this.audit = audit;
    }

    /**
     * @param providerId the provider, as the staff directory keys them (a lowercase UUID)
     * @throws ProblemException 403 {@code staff-not-registered} for a staff token whose subject is not registered,
     *                          403 {@code forbidden} for anyone else but the provider and coordinators
     */
    public void requireSelfOrCoordinator(Jwt token, String providerId, String action) {
        Caller caller = Caller.from(token);
        if (caller.has(Role.COORDINATOR)) {
            return;
        }
        if (!caller.has(Role.CLINICIAN) && !caller.has(Role.COACH)) {
            audit.recordRefusal(caller, action);
            throw ProblemException.forbidden("forbidden", "Only the provider themself or a coordinator may do this.");
        }
        Optional<StaffMember> self = access.registered(caller, StaffRole.CLINICIAN)
                .or(() -> access.registered(caller, StaffRole.COACH));
        if (self.isEmpty()) {
            access.requireStaff(token, caller.has(Role.CLINICIAN) ? StaffRole.CLINICIAN : StaffRole.COACH, action);
        }
        if (!self.orElseThrow().staffId().equals(providerId)) {
            audit.recordRefusal(caller, action);
            throw ProblemException.forbidden("forbidden", "Only the provider themself or a coordinator may do this.");
        }
    }
}

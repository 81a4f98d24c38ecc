package care.intake.patient;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.kit.domain.Refusal;
import care.contracts.intake.CareTeamChanged.Role;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.intake.IntakeProperties;
import care.intake.staff.CareTeamRemovals;
import care.intake.staff.StaffEntry;
import care.intake.staff.StaffRegistry;

/**
 * The care team, which intake owns: who is on it in which role, changed on the patient's record together with the
 * CareTeamChanged events every other service authorizes from. A member must be registered for their role; a
 * clinician must be licensed where the patient is.
 */
@Component
public class CareTeamService implements CareTeamRemovals {

    private final Patients patients;
    private final StaffRegistry staff;
    private final MongoTemplate mongo;
    private final IntakeProperties properties;
    private final Clock clock;

    CareTeamService(Patients patients, StaffRegistry staff, MongoTemplate mongo, IntakeProperties properties,
            Clock clock) {
        this.patients = patients;
        this.staff = staff;
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    /** Puts the staff member in the role; returns the membership as stored (unchanged when they hold it already). */
    Patient.CareTeamMember assign(String patientId, String staffId, Role role) {
        AtomicReference<Patient.CareTeamMember> assigned = new AtomicReference<>();
        patients.update(patientId, patient -> {
            requireRegistered(patient, staffId, role);
            CareTeamChanges changes = new CareTeamChanges(patient, now());
            assigned.set(changes.assign(staffId, role));
            return changes.events();
        });
        return assigned.get();
    }

    /** Takes the staff member off the team, ending an emergency access of theirs; 404 when they are not on it. */
    void remove(String patientId, String staffId) {
        patients.update(patientId, patient -> {
            CareTeamChanges changes = new CareTeamChanges(patient, now());
            if (!changes.remove(staffId, Set.of(Role.values()))) {
                throw Refusal.notFound("The care team member");
            }
            return changes.events();
        });
    }

    /**
     * Opens emergency access for a registered clinician for the configured time: the grant with its reason, a
     * CareTeamChanged and an EmergencyAccessGranted, in one write.
     */
    EmergencyGrant openEmergencyAccess(String patientId, String grantId, String clinicianId, String reason) {
        AtomicReference<EmergencyGrant> granted = new AtomicReference<>();
        patients.update(patientId, patient -> {
            CareTeamChanges changes = new CareTeamChanges(patient, now());
            granted.set(changes.openEmergencyAccess(grantId, clinicianId, reason,
                    properties.emergencyAccessDuration()));
            return changes.events();
        });
        return granted.get();
    }

    /**
     * Takes a staff member whose registration for {@code ended} is over off every care team where they hold a
     * role that needed it, each patient in their own write; how many teams changed.
     */
    @Override
    public int removeEverywhere(String staffId, StaffRole ended) {
        Set<Role> roles = ended == StaffRole.CLINICIAN
                ? Set.of(Role.RESPONSIBLE_CLINICIAN, Role.SUPERVISING_CLINICIAN, Role.EMERGENCY_ACCESS)
                : Set.of(Role.COACH);
        List<Criteria> holds = new ArrayList<>();
        holds.add(Criteria.where("careTeam").elemMatch(Criteria.where("staffId").is(staffId).and("role")
                .in(roles.stream().map(Enum::name).toList())));
        if (roles.contains(Role.EMERGENCY_ACCESS)) {
            holds.add(Criteria.where("emergencyGrants").elemMatch(Criteria.where("staffId").is(staffId)
                    .and("endedAt").is(null).and("expiresAt").gt(now())));
        }
        Query holding = Query.query(new Criteria().orOperator(holds));
        holding.fields().include("_id");
        int changed = 0;
        for (Document patient : mongo.find(holding, Document.class, "patients")) {
            AtomicBoolean removed = new AtomicBoolean();
            patients.update(patient.getString("_id"), current -> {
                CareTeamChanges changes = new CareTeamChanges(current, now());
                removed.set(changes.remove(staffId, roles));
                return changes.events();
            });
            if (removed.get()) {
                changed++;
            }
        }
        return changed;
    }

    private void requireRegistered(Patient patient, String staffId, Role role) {
        StaffRole needed = role == Role.COACH ? StaffRole.COACH : StaffRole.CLINICIAN;
        StaffEntry entry = staff.find(staffId).filter(found -> found.is(needed)).orElseThrow(
                () -> Refusal.rule("staff-not-registered", "Not registered for this role",
                        "The staff member is not registered as a " + needed.name().toLowerCase() + "."));
        if (needed == StaffRole.CLINICIAN && !entry.licensedJurisdictions().contains(patient.jurisdiction)) {
            throw Refusal.rule("not-licensed-in-jurisdiction", "Not licensed here",
                    "The clinician is not licensed in the patient's jurisdiction.");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

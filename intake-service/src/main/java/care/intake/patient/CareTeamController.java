package care.intake.patient;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import care.kit.domain.Refusal;
import care.contracts.intake.CareTeamChanged;
import care.intake.staff.StaffRegistry;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;

/**
 * The patient's care team: coordinators put registered staff in its roles and take them off; the patient and
 * the team see who is on it. Every change reaches the other services as CareTeamChanged.
 */
@RestController
class CareTeamController {

    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    /** The roles a coordinator gives; emergency access is opened by the clinician who needs it. */
    enum TeamRole {
        RESPONSIBLE_CLINICIAN, SUPERVISING_CLINICIAN, COACH
    }

    record MemberRequest(@NotNull TeamRole role) {
    }

    record MemberView(String staffId, CareTeamChanged.Role role, Instant since) {
    }

    record CoachRequest(@NotBlank @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String coachId) {
    }

    record CoachView(String patientId, String coachId) {
    }

    record TeamMemberView(String staffId, CareTeamChanged.Role role, Instant since, String displayName) {
    }

    record EmergencyAccessView(String staffId, String grantId, Instant grantedAt, Instant expiresAt) {
    }

    record TeamView(List<TeamMemberView> members, List<EmergencyAccessView> emergencyAccess) {
    }

    private final PatientAccess access;
    private final Patients patients;
    private final CareTeamService careTeams;
    private final StaffRegistry staff;
    private final Clock clock;

    CareTeamController(PatientAccess access, Patients patients, CareTeamService careTeams, StaffRegistry staff,
            Clock clock) {
        this.access = access;
        this.patients = patients;
        this.careTeams = careTeams;
        this.staff = staff;
        this.clock = clock;
    }

    @GetMapping("/api/intake/patients/{patientId}/care-team")
    @Allowed(permission = Permission.CARE_TEAM_READ)
    TeamView get(@PathVariable String patientId, @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId, Permission.CARE_TEAM_READ, "intake.care-team.read")
                .require();
        Patient patient = patients.get(decision.patientId());
        Map<String, String> names = staff.displayNames(patient.careTeam.stream()
                .map(Patient.CareTeamMember::staffId).toList());
        List<TeamMemberView> members = new ArrayList<>();
        for (Patient.CareTeamMember member : patient.careTeam) {
            members.add(new TeamMemberView(member.staffId(), member.role(), member.since(),
                    names.get(member.staffId())));
        }
        Instant now = clock.instant();
        List<EmergencyAccessView> emergency = patient.emergencyGrants.stream().filter(grant -> grant.activeAt(now))
                .map(grant -> new EmergencyAccessView(grant.staffId(), grant.grantId(), grant.grantedAt(),
                        grant.expiresAt()))
                .toList();
        return new TeamView(members, emergency);
    }

    @PutMapping("/api/intake/patients/{patientId}/care-team/{staffId}")
    @Allowed(permission = Permission.CARE_TEAM_MANAGE)
    MemberView put(@PathVariable String patientId, @PathVariable String staffId,
            @Valid @RequestBody MemberRequest request, @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId, Permission.CARE_TEAM_MANAGE,
                "intake.care-team.assign").require();
        Patient.CareTeamMember member = careTeams.assign(decision.patientId(), registeredStaffId(staffId),
                CareTeamChanged.Role.valueOf(request.role().name()));
        return new MemberView(member.staffId(), member.role(), member.since());
    }

    @DeleteMapping("/api/intake/patients/{patientId}/care-team/{staffId}")
    @Allowed(permission = Permission.CARE_TEAM_MANAGE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable String patientId, @PathVariable String staffId, @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId, Permission.CARE_TEAM_MANAGE,
                "intake.care-team.remove").require();
        careTeams.remove(decision.patientId(), StaffRegistry.id(staffId, "The care team member"));
    }

    /** The coach of the patient: the same as putting them on the team as COACH. */
    @PutMapping("/api/intake/patients/{patientId}/coach")
    @Allowed(permission = Permission.CARE_TEAM_MANAGE)
    CoachView putCoach(@PathVariable String patientId, @Valid @RequestBody CoachRequest request,
            @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId, Permission.CARE_TEAM_MANAGE,
                "intake.care-team.coach.assign").require();
        Patient.CareTeamMember coach = careTeams.assign(decision.patientId(), registeredStaffId(request.coachId()),
                CareTeamChanged.Role.COACH);
        return new CoachView(decision.patientId(), coach.staffId());
    }

    /** A staff id that may name a registered staff member: a UUID (anything else names nobody registered). */
    private static String registeredStaffId(String value) {
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw Refusal.rule("staff-not-registered", "Not registered for this role",
                    "The staff member is not registered for this role.");
        }
    }
}

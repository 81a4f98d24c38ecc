package care.intake.staff;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import care.kit.domain.Refusal;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.Allowed;
import care.kit.security.Role;

/**
 * Administrators register clinicians (with their licences) and coaches, and end registrations; their id is the
 * provider id in their tokens. Coordinators look staff up to build care teams. No patient data here.
 */
@RestController
class StaffController {

    record ClinicianRequest(@NotBlank @Size(max = 100) String displayName,
            @NotEmpty @Size(max = 60) List<@Pattern(regexp = "[A-Z]{2}(-[A-Z0-9]{1,3})?", message = "must be an ISO 3166 code such as US-CA") String> licensedJurisdictions) {
    }

    record ClinicianView(String clinicianId, String displayName, List<String> licensedJurisdictions) {
    }

    record CoachRequest(@NotBlank @Size(max = 100) String displayName) {
    }

    record CoachView(String coachId, String displayName) {
    }

    record StaffView(String staffId, List<StaffRole> roles, String displayName, List<String> licensedJurisdictions) {
    }

    private final StaffRegistry staff;
    private final CareTeamRemovals careTeams;

    StaffController(StaffRegistry staff, CareTeamRemovals careTeams) {
        this.staff = staff;
        this.careTeams = careTeams;
    }

    @PutMapping("/api/intake/clinicians/{clinicianId}")
    @Allowed(roles = Role.ADMIN)
    @PreAuthorize("hasRole('ADMIN')")
    ClinicianView putClinician(@PathVariable String clinicianId, @Valid @RequestBody ClinicianRequest request) {
        StaffEntry entry = staff.register(StaffRegistry.id(clinicianId, "The clinician"), StaffRole.CLINICIAN,
                request.displayName().strip(), List.copyOf(new LinkedHashSet<>(request.licensedJurisdictions())));
        return new ClinicianView(entry.id(), entry.displayName(), entry.licensedJurisdictions());
    }

    @PutMapping("/api/intake/coaches/{coachId}")
    @Allowed(roles = Role.ADMIN)
    @PreAuthorize("hasRole('ADMIN')")
    CoachView putCoach(@PathVariable String coachId, @Valid @RequestBody CoachRequest request) {
        StaffEntry entry = staff.register(StaffRegistry.id(coachId, "The coach"), StaffRole.COACH,
                request.displayName().strip(), List.of());
        return new CoachView(entry.id(), entry.displayName());
    }

    @DeleteMapping("/api/intake/clinicians/{clinicianId}")
    @Allowed(roles = Role.ADMIN)
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void endClinician(@PathVariable String clinicianId) {
        end(clinicianId, StaffRole.CLINICIAN, "The clinician");
    }

    @DeleteMapping("/api/intake/coaches/{coachId}")
    @Allowed(roles = Role.ADMIN)
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void endCoach(@PathVariable String coachId) {
        end(coachId, StaffRole.COACH, "The coach");
    }

    @GetMapping("/api/intake/staff")
    @Allowed(roles = { Role.COORDINATOR, Role.ADMIN })
    @PreAuthorize("hasAnyRole('COORDINATOR', 'ADMIN')")
    List<StaffView> list(@RequestParam Optional<StaffRole> role) {
        return staff.registered(role).stream().map(entry -> new StaffView(entry.id(), entry.roles(),
                entry.displayName(), entry.licensedJurisdictions())).toList();
    }

    /**
     * Ends the registration, then takes the staff member off every care team where they hold a role that needed
     * it. A repeated call finishes a removal an earlier one could not complete.
     */
    private void end(String value, StaffRole role, String what) {
        String staffId = StaffRegistry.id(value, what);
        boolean ended = staff.end(staffId, role);
        int teams = careTeams.removeEverywhere(staffId, role);
        if (!ended && teams == 0) {
            throw Refusal.notFound(what);
        }
    }
}

package care.web.pages;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Coordination: a patient's care team with its changes and the coach assignment (coordinator), through intake's
 * care team API and integration's coach assignment.
 */
@Controller
class CareTeamController {

    static final Map<String, String> TEAM_ROLES = Map.of("RESPONSIBLE_CLINICIAN", "Responsible clinician",
            "SUPERVISING_CLINICIAN", "Supervising clinician", "COACH", "Coach");

    record Member(String staffId, String role, Instant since, String displayName) {
    }

    record Emergency(String staffId, String grantId, Instant grantedAt, Instant expiresAt) {
    }

    record CareTeam(List<Member> members, List<Emergency> emergencyAccess) {
    }

    private final GatewayClient gateway;
    private final StaffDirectory directory;

    CareTeamController(GatewayClient gateway, StaffDirectory directory) {
        this.gateway = gateway;
        this.directory = directory;
    }

    @GetMapping("/coordination/patients/{patientId}/care-team")
    @PreAuthorize("hasRole('COORDINATOR')")
    String careTeam(@PathVariable String patientId, Model model) {
        return showCareTeam(model, CoordinationController.uuid(patientId), null);
    }

    @PostMapping("/coordination/patients/{patientId}/care-team")
    @PreAuthorize("hasRole('COORDINATOR')")
    String addMember(@PathVariable String patientId, @RequestParam(defaultValue = "") String staffId,
            @RequestParam(defaultValue = "") String role, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        String patient = CoordinationController.uuid(patientId);
        if (!AfterSessionController.UUID_FORMAT.matcher(staffId).matches() || !TEAM_ROLES.containsKey(role)) {
            response.setStatus(400);
            return showCareTeam(model, patient, new ApiProblem(400, null, null, "Choose a staff member and a role.",
                    List.of()));
        }
        try {
            gateway.put("/api/intake/patients/{id}/care-team/{staffId}", Map.of("role", role), Map.class, patient,
                    staffId);
        } catch (ApiProblem problem) {
            AfterSessionController.refusable(problem);
            response.setStatus(problem.status());
            return showCareTeam(model, patient, problem);
        }
        redirect.addFlashAttribute("notice", TEAM_ROLES.get(role) + " added to the care team.");
        return "redirect:/coordination/patients/" + patient + "/care-team";
    }

    @PostMapping("/coordination/patients/{patientId}/care-team/{staffId}/remove")
    @PreAuthorize("hasRole('COORDINATOR')")
    String removeMember(@PathVariable String patientId, @PathVariable String staffId, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        String patient = CoordinationController.uuid(patientId);
        try {
            gateway.delete("/api/intake/patients/{id}/care-team/{staffId}", patient,
                    CoordinationController.uuid(staffId));
        } catch (ApiProblem problem) {
            if (problem.status() != 404) {
                AfterSessionController.refusable(problem);
            }
            response.setStatus(problem.status());
            return showCareTeam(model, patient, problem);
        }
        redirect.addFlashAttribute("notice", "Removed from the care team.");
        return "redirect:/coordination/patients/" + patient + "/care-team";
    }

    @PostMapping("/coordination/patients/{patientId}/coach")
    @PreAuthorize("hasRole('COORDINATOR')")
    String assignCoach(@PathVariable String patientId, @RequestParam(defaultValue = "") String coachId, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        String patient = CoordinationController.uuid(patientId);
        try {
            gateway.put("/api/integration/patients/{id}/coach", Map.of("coachId", coachId), Map.class, patient);
        } catch (ApiProblem problem) {
            AfterSessionController.refusable(problem);
            response.setStatus(problem.status());
            return showCareTeam(model, patient, problem);
        }
        redirect.addFlashAttribute("notice", "The coach is assigned; coaching is booked with them after each session.");
        return "redirect:/coordination/patients/" + patient + "/care-team";
    }

    private String showCareTeam(Model model, String patientId, ApiProblem problem) {
        CareTeam team = gateway.get("/api/intake/patients/{id}/care-team", CareTeam.class, patientId);
        List<StaffDirectory.Staff> clinicians = directory.withRole("CLINICIAN");
        List<StaffDirectory.Staff> coaches = directory.withRole("COACH");
        Map<String, String> names = new LinkedHashMap<>();
        clinicians.forEach(s -> names.put(s.staffId(), s.displayName()));
        coaches.forEach(s -> names.put(s.staffId(), s.displayName()));
        model.addAttribute("patientId", patientId);
        model.addAttribute("members", team == null || team.members() == null ? List.of() : team.members());
        model.addAttribute("emergencyAccess", team == null || team.emergencyAccess() == null ? List.of()
                : team.emergencyAccess());
        model.addAttribute("names", names);
        model.addAttribute("staff", StaffDirectory.providers(clinicians, coaches));
        model.addAttribute("coaches", coaches);
        model.addAttribute("roles", TEAM_ROLES);
        model.addAttribute("problem", problem);
        return "coordination-care-team";
    }
}

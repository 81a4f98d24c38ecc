package care.web.pages;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * Administration: the staff directory, which coordinators read and administrators change, registering clinicians
 * (with the jurisdictions they are licensed in) and coaches and ending registrations, through intake.
 */
@Controller
class StaffDirectoryController {

    private final GatewayClient gateway;
    private final StaffDirectory directory;

    StaffDirectoryController(GatewayClient gateway, StaffDirectory directory) {
        this.gateway = gateway;
        this.directory = directory;
    }

    @GetMapping("/coordination/staff")
    @PreAuthorize("hasAnyRole('COORDINATOR', 'ADMIN')")
    String staffDirectory(Model model) {
        return showStaff(model, null, "", "", "", "CLINICIAN");
    }

    @PostMapping("/coordination/staff")
    @PreAuthorize("hasRole('ADMIN')")
    String register(@RequestParam(defaultValue = "CLINICIAN") String role,
            @RequestParam(defaultValue = "") String staffId, @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String licensedJurisdictions, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        String id = staffId.strip().toLowerCase(Locale.ROOT);
        if (!AfterSessionController.UUID_FORMAT.matcher(id).matches()) {
            response.setStatus(400);
            return showStaff(model, new ApiProblem(400, null, null, null, List.of(new ApiProblem.FieldMessage(
                    "staffId", "must be the staff member's id (the subject of their sign-in), a UUID"))),
                    staffId, displayName, licensedJurisdictions, role);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", displayName.strip());
        try {
            if ("COACH".equals(role)) {
                gateway.put("/api/intake/coaches/{id}", body, Map.class, id);
            } else {
                body.put("licensedJurisdictions", Arrays.stream(licensedJurisdictions.split("[,\\s]+"))
                        .filter(j -> !j.isBlank()).toList());
                gateway.put("/api/intake/clinicians/{id}", body, Map.class, id);
            }
        } catch (ApiProblem problem) {
            AfterSessionController.refusable(problem);
            response.setStatus(problem.status());
            return showStaff(model, problem, staffId, displayName, licensedJurisdictions, role);
        }
        redirect.addFlashAttribute("notice", displayName.strip() + " is registered as a "
                + ("COACH".equals(role) ? "coach" : "clinician") + ".");
        return "redirect:/coordination/staff";
    }

    @PostMapping("/coordination/staff/{role}/{staffId}/remove")
    @PreAuthorize("hasRole('ADMIN')")
    String unregister(@PathVariable String role, @PathVariable String staffId, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        try {
            gateway.delete("COACH".equals(role) ? "/api/intake/coaches/{id}" : "/api/intake/clinicians/{id}",
                    CoordinationController.uuid(staffId));
        } catch (ApiProblem problem) {
            if (problem.status() != 404) {
                AfterSessionController.refusable(problem);
            }
            response.setStatus(problem.status());
            return showStaff(model, problem, "", "", "", "CLINICIAN");
        }
        redirect.addFlashAttribute("notice", "The registration has ended; they are off every care team that "
                + "needed it.");
        return "redirect:/coordination/staff";
    }

    private String showStaff(Model model, ApiProblem problem, String staffId, String displayName,
            String jurisdictions, String role) {
        model.addAttribute("clinicians", directory.withRole("CLINICIAN"));
        model.addAttribute("coaches", directory.withRole("COACH"));
        model.addAttribute("problem", problem);
        model.addAttribute("staffId", staffId);
        model.addAttribute("displayName", displayName);
        model.addAttribute("licensedJurisdictions", jurisdictions);
        model.addAttribute("role", role);
        return "coordination-staff";
    }
}

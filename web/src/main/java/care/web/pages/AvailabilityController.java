package care.web.pages;

import java.util.List;
import java.util.Map;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Coordination: publishing a provider's weekly availability in their own time zone (coordinator), through
 * scheduling's availability API. The form is {@link AvailabilityForm}.
 */
@Controller
class AvailabilityController {

    private final GatewayClient gateway;
    private final StaffDirectory directory;

    AvailabilityController(GatewayClient gateway, StaffDirectory directory) {
        this.gateway = gateway;
        this.directory = directory;
    }

    @GetMapping("/coordination/availability")
    @PreAuthorize("hasRole('COORDINATOR')")
    String availability(Model model) {
        return showAvailability(model, null, AvailabilityForm.empty());
    }

    @PostMapping("/coordination/availability")
    @PreAuthorize("hasRole('COORDINATOR')")
    String publishAvailability(@RequestParam MultiValueMap<String, String> typed, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        AvailabilityForm form = AvailabilityForm.typed(typed);
        List<ApiProblem.FieldMessage> errors = form.mistakes();
        if (!errors.isEmpty()) {
            response.setStatus(400);
            return showAvailability(model, new ApiProblem(400, null, null, "Some fields need a change.", errors), form);
        }
        Map<String, Object> body = form.body();
        try {
            gateway.put("/api/scheduling/providers/{id}/availability", body, Map.class, form.providerId());
        } catch (ApiProblem problem) {
            AfterSessionController.refusable(problem);
            response.setStatus(problem.status());
            return showAvailability(model, problem, form);
        }
        int days = ((List<?>) body.get("weekly")).size();
        redirect.addFlashAttribute("notice", "The availability is published: " + days
                + (days == 1 ? " day a week" : " days a week") + ", in " + form.timeZone() + ".");
        return "redirect:/coordination/availability";
    }

    private String showAvailability(Model model, ApiProblem problem, AvailabilityForm form) {
        model.addAttribute("providers", StaffDirectory.providers(directory.withRole("CLINICIAN"),
                directory.withRole("COACH")));
        model.addAttribute("providerId", form.providerId());
        model.addAttribute("timeZone", form.timeZone());
        model.addAttribute("windows", form.windows());
        model.addAttribute("types", form.types());
        model.addAttribute("appointmentTypes", AvailabilityForm.APPOINTMENT_TYPES);
        model.addAttribute("problem", problem);
        return "coordination-availability";
    }
}

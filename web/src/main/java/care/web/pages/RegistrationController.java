package care.web.pages;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Registration: a patient registers themself (their token's patient id becomes the record's id), a coordinator
 * registers a patient. {@code POST /api/intake/patients} checks the form; its messages appear next to the fields.
 */
@Controller
class RegistrationController {

    /** The default time zone when the browser does not say (no JavaScript); the person can change it. */
    static final String DEFAULT_TIME_ZONE = "America/Los_Angeles";

    /** The form as filled in; every value a string, so that what was typed comes back as it was. */
    record RegistrationForm(String givenName, String familyName, String dateOfBirth, String email, String phone,
            String jurisdiction, String timeZone) {

        static RegistrationForm empty() {
            return new RegistrationForm("", "", "", "", "", "US-CA", DEFAULT_TIME_ZONE);
        }
    }

    record Registered(String patientId) {
    }

    private final GatewayClient gateway;

    RegistrationController(GatewayClient gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/register")
    @PreAuthorize("hasAnyRole('PATIENT', 'COORDINATOR')")
    String form(Model model) {
        model.addAttribute("form", RegistrationForm.empty());
        return "register";
    }

    @PostMapping("/register")
    @PreAuthorize("hasAnyRole('PATIENT', 'COORDINATOR')")
    String register(@ModelAttribute("form") RegistrationForm form, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        LocalDate dateOfBirth = null;
        String dateProblem = null;
        if (form.dateOfBirth() == null || form.dateOfBirth().isBlank()) {
            dateProblem = "Enter your date of birth.";
        } else {
            try {
                dateOfBirth = LocalDate.parse(form.dateOfBirth().strip());
            } catch (DateTimeParseException malformed) {
                dateProblem = "Enter the date as year-month-day, such as 1985-04-23.";
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("givenName", trim(form.givenName()));
        body.put("familyName", trim(form.familyName()));
        body.put("dateOfBirth", dateOfBirth == null ? null : dateOfBirth.toString());
        body.put("email", trim(form.email()));
        body.put("phone", trim(form.phone()).replace(" ", ""));
        body.put("jurisdiction", trim(form.jurisdiction()).toUpperCase(java.util.Locale.ROOT));
        body.put("timeZone", trim(form.timeZone()));
        try {
            gateway.post("/api/intake/patients", body, Registered.class);
            redirect.addFlashAttribute("notice", "The registration is saved.");
            return "redirect:/";
        } catch (ApiProblem problem) {
            ApiProblem shown = problem;
            if (dateProblem != null && problem.status() == 400) {
                List<ApiProblem.FieldMessage> errors = new ArrayList<>(problem.errors().stream()
                        .filter(error -> !"dateOfBirth".equals(error.field())).toList());
                errors.add(new ApiProblem.FieldMessage("dateOfBirth", dateProblem));
                shown = new ApiProblem(problem.status(), problem.type(), problem.title(), problem.detail(), errors);
            }
            response.setStatus(shown.status());
            model.addAttribute("problem", shown);
            return "register";
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}

package care.web.pages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import care.web.security.AccessTokens;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Consents and the consultation request, as a checklist: what intake's summary
 * ({@code GET /api/intake/patients/{id}/summary}) says is done and what is still missing, an "I agree" form per
 * consent ({@code POST .../consents}) and "Request a consultation" ({@code POST .../consultations}) once the
 * screening and the treatment consent are there. Intake's refusals (409, 422) are shown as they say them.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class ConsentController {

    /** A consent the patient can give, with what agreeing means. */
    record ConsentText(String type, String title, String summary, boolean requiredForConsultation) {
    }

    static final List<ConsentText> CONSENTS = List.of(
            new ConsentText("TREATMENT", "Treatment",
                    "I agree to be assessed for and, if a clinician approves, to receive ketamine treatment for "
                            + "anxiety at home under the clinic's supervision. I understand its common effects and "
                            + "risks, that an adult monitor stays with me during each session, that I must not drive "
                            + "until the next day, and that I can stop at any time.",
                    true),
            new ConsentText("SMS", "Text messages",
                    "I agree that the clinic sends me reminders and messages about my care by text message to my "
                            + "mobile phone. I can reply STOP at any time.",
                    false),
            new ConsentText("EMAIL", "Email",
                    "I agree that the clinic sends me reminders and messages about my care by email.",
                    false));

    /** The parts of intake's summary this page uses. */
    record Summary(LatestScreening latestScreening, List<ConsentStatus> consents,
            List<ConsultationSummary> consultations, List<EscalationSummary> escalations, boolean referredOut) {
    }

    record LatestScreening(String screeningId, java.time.Instant completedAt) {
    }

    record ConsentStatus(String type, String status, java.time.Instant recordedAt) {
    }

    record ConsultationSummary(String consultationId, String status) {
    }

    record EscalationSummary(String escalationId, String status) {
    }

    /** One line of the checklist. */
    record ConsentItem(ConsentText consent, boolean given) {
    }

    private final GatewayClient gateway;
    private final AccessTokens tokens;

    ConsentController(GatewayClient gateway, AccessTokens tokens) {
        this.gateway = gateway;
        this.tokens = tokens;
    }

    @GetMapping("/consents")
    String checklist(Model model) {
        return show(model, null);
    }

    @PostMapping("/consents")
    String agree(@RequestParam String type, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        Optional<ConsentText> consent = CONSENTS.stream().filter(known -> known.type().equals(type)).findFirst();
        if (consent.isEmpty()) {
            response.setStatus(400);
            return show(model, new ApiProblem(400, null, null, "Choose one of the consents on this page.", List.of()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("granted", true);
        try {
            gateway.post("/api/intake/patients/{id}/consents", body, Map.class, PatientContext.patientId(tokens));
        } catch (ApiProblem problem) {
            return refused(problem, model, response);
        }
        redirect.addFlashAttribute("notice", "Your consent to " + consent.get().title().toLowerCase(java.util.Locale.ROOT)
                + " is recorded.");
        return "redirect:/consents";
    }

    @PostMapping("/consultation")
    String requestConsultation(Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            gateway.post("/api/intake/patients/{id}/consultations", Map.of(), Map.class, PatientContext.patientId(tokens));
        } catch (ApiProblem problem) {
            return refused(problem, model, response);
        }
        redirect.addFlashAttribute("notice", "Your consultation is requested. A clinician will review your screening "
                + "and contact you.");
        return "redirect:/consents";
    }

    /** A refusal the patient can act on is shown on the checklist; anything else on the problem page. */
    private String refused(ApiProblem problem, Model model, HttpServletResponse response) {
        if (problem.status() != 400 && problem.status() != 409 && problem.status() != 422) {
            throw problem;
        }
        response.setStatus(problem.status());
        return show(model, problem);
    }

    private String show(Model model, ApiProblem problem) {
        model.addAttribute("problem", problem);
        Summary summary;
        try {
            summary = gateway.get("/api/intake/patients/{id}/summary", Summary.class, PatientContext.patientId(tokens));
        } catch (ApiProblem notFound) {
            if (notFound.status() != 404) {
                throw notFound;
            }
            model.addAttribute("registered", false);
            return "consents";
        }
        model.addAttribute("registered", true);
        List<ConsentItem> items = CONSENTS.stream().map(consent -> new ConsentItem(consent, summary.consents() != null
                && summary.consents().stream().anyMatch(status -> consent.type().equals(status.type())
                        && "ACTIVE".equals(status.status())))).toList();
        boolean screened = summary.latestScreening() != null;
        boolean treatmentConsent = items.stream().anyMatch(item -> item.consent().requiredForConsultation()
                && item.given());
        boolean reviewPending = summary.escalations() != null && summary.escalations().stream()
                .anyMatch(escalation -> "OPEN".equals(escalation.status()));
        Optional<ConsultationSummary> consultation = summary.consultations() == null ? Optional.empty()
                : summary.consultations().stream().filter(c -> !"DECLINED".equals(c.status())).findFirst();
        model.addAttribute("screened", screened);
        model.addAttribute("consents", items);
        model.addAttribute("missing", (screened ? 0 : 1) + (treatmentConsent ? 0 : 1));
        model.addAttribute("reviewPending", reviewPending);
        model.addAttribute("referredOut", summary.referredOut());
        model.addAttribute("consultation", consultation.map(ConsultationSummary::status).orElse(null));
        model.addAttribute("canRequest", screened && treatmentConsent && !reviewPending && !summary.referredOut()
                && consultation.isEmpty());
        return "consents";
    }

}

package care.web.pages;

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
 * The eligibility decision for one consultation request: the latest screening as intake answers it (scores and
 * bands, the PHQ-9 item 9 flag, blood pressure, contraindications with their severity), the patient's open safety
 * escalation with its review form ({@code POST /api/intake/patients/{id}/safety-reviews}), and the decision form
 * ({@code POST /api/intake/consultations/{id}/decision}): approve with a number of sessions (and a rationale,
 * which the rule set in force requires for relative contraindications) or decline with reasons and a referral.
 * The rule set decides; its refusals are shown next to the field they concern ({@link EligibilityProblems}).
 * What the page shows is read by {@link EligibilityView}; the decision form is {@link DecisionForm}.
 */
@Controller
@PreAuthorize("hasRole('CLINICIAN')")
class EligibilityController {

    /** What the clinician entered in the safety review form, shown again after a refusal. */
    record ReviewForm(String outcome, String notes) {
    }

    private final GatewayClient gateway;

    EligibilityController(GatewayClient gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/patients/{patientId}/consultations/{consultationId}")
    String page(@PathVariable java.util.UUID patientId, @PathVariable java.util.UUID consultationId, Model model) {
        return show(patientId.toString(), consultationId.toString(), model, DecisionForm.empty(), null,
                new ReviewForm(null, ""), null);
    }

    /** The safety review of a patient whose escalation is open without a consultation request waiting. */
    @GetMapping("/patients/{patientId}/safety-review")
    String reviewPage(@PathVariable java.util.UUID patientId, Model model) {
        return show(patientId.toString(), null, model, DecisionForm.empty(), null, new ReviewForm(null, ""), null);
    }

    @PostMapping("/patients/{patientId}/consultations/{consultationId}/decision")
    String decide(@PathVariable java.util.UUID patientId, @PathVariable java.util.UUID consultationId,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String plannedSessions,
            @RequestParam(required = false) String rationale,
            @RequestParam(name = "reasons", required = false) List<String> reasons,
            @RequestParam(required = false) String referral, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        DecisionForm form = DecisionForm.typed(outcome, plannedSessions, rationale, reasons, referral);
        DecisionForm.Request request = form.request();
        if (request.mistake() != null) {
            return refused(patientId, consultationId, model, response, form, request.mistake());
        }
        Map<String, Object> body = request.body();
        Map<?, ?> decided;
        try {
            decided = gateway.post("/api/intake/consultations/{id}/decision", body, Map.class, consultationId);
        } catch (ApiProblem problem) {
            if (problem.status() != 400 && problem.status() != 409 && problem.status() != 422) {
                throw problem;
            }
            return refused(patientId, consultationId, model, response, form, EligibilityProblems.explained(problem));
        }
        Object version = decided == null ? null : decided.get("ruleSetVersion");
        redirect.addFlashAttribute("notice", ("APPROVED".equals(outcome)
                ? "Approved with " + body.get("plannedSessions") + " sessions; you are now the responsible clinician."
                : "Declined, with the referral recorded.")
                + (version == null ? "" : " Decided under rule set " + version + "."));
        return "redirect:/worklist";
    }

    @PostMapping("/patients/{patientId}/safety-review")
    String review(@PathVariable java.util.UUID patientId, @RequestParam(required = false) java.util.UUID consultationId,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String notes, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        ReviewForm form = new ReviewForm(outcome, notes == null ? "" : notes);
        String back = consultationId == null ? null : consultationId.toString();
        if (!"CLEARED".equals(outcome) && !"REFER_OUT".equals(outcome)) {
            response.setStatus(400);
            return show(patientId.toString(), back, model, DecisionForm.empty(), null, form,
                    EligibilityProblems.field(400, "reviewOutcome", "Choose cleared or refer out."));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", outcome);
        if (!form.notes().isBlank()) {
            body.put("notes", form.notes().strip());
        }
        try {
            gateway.post("/api/intake/patients/{id}/safety-reviews", body, Map.class, patientId);
        } catch (ApiProblem problem) {
            if (problem.status() != 400 && problem.status() != 409 && problem.status() != 422) {
                throw problem;
            }
            response.setStatus(problem.status());
            return show(patientId.toString(), back, model, DecisionForm.empty(), null, form,
                    EligibilityProblems.renamed(problem));
        }
        redirect.addFlashAttribute("notice", "CLEARED".equals(outcome)
                ? "The safety review is recorded: cleared. The consultation can now be decided."
                : "The safety review is recorded: referred out to other care.");
        return back == null || "REFER_OUT".equals(outcome) ? "redirect:/worklist"
                : "redirect:/patients/" + patientId + "/consultations/" + back;
    }

    private String refused(java.util.UUID patientId, java.util.UUID consultationId, Model model,
            HttpServletResponse response, DecisionForm form, ApiProblem problem) {
        response.setStatus(problem.status());
        return show(patientId.toString(), consultationId.toString(), model, form, problem, new ReviewForm(null, ""),
                null);
    }

    private String show(String patientId, String consultationId, Model model, DecisionForm decision,
            ApiProblem decisionProblem, ReviewForm review, ApiProblem reviewProblem) {
        EligibilityView view = EligibilityView.read(gateway, patientId, consultationId);
        model.addAttribute("patientId", patientId);
        model.addAttribute("consultationId", consultationId);
        model.addAttribute("consultation", view.consultation());
        model.addAttribute("screening", view.screening());
        model.addAttribute("escalation", view.escalation());
        model.addAttribute("referredOut", view.referredOut());
        model.addAttribute("decision", decision);
        model.addAttribute("problem", decisionProblem);
        model.addAttribute("review", review);
        model.addAttribute("reviewProblem", reviewProblem);
        model.addAttribute("reasons", DecisionForm.REASONS);
        model.addAttribute("referrals", DecisionForm.REFERRALS);
        return "eligibility";
    }
}

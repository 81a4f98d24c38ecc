package care.web.pages;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
 * The eligibility decision for one consultation request: the latest screening as intake answers it (scores and
 * bands, the PHQ-9 item 9 flag, blood pressure, contraindications with their severity), the patient's open safety
 * escalation with its review form ({@code POST /api/intake/patients/{id}/safety-reviews}), and the decision form
 * ({@code POST /api/intake/consultations/{id}/decision}): approve with a number of sessions (and a rationale,
 * which the rule set in force requires for relative contraindications) or decline with reasons and a referral.
 * The rule set decides; its refusals are shown next to the field they concern.
 */
@Controller
@PreAuthorize("hasRole('CLINICIAN')")
class EligibilityController {

    /** Decline reasons and referrals, the codes intake accepts, in words. */
    record Choice(String code, String label) {
    }

    static final List<Choice> REASONS = List.of(
            new Choice("ABSOLUTE_CONTRAINDICATION", "An absolute contraindication"),
            new Choice("RELATIVE_CONTRAINDICATION_NOT_ACCEPTED", "A relative contraindication not accepted"),
            new Choice("SYMPTOM_THRESHOLD_NOT_MET", "Symptom threshold not met"),
            new Choice("UNRESOLVED_SAFETY_RISK", "Unresolved safety risk"),
            new Choice("CLINICAL_JUDGEMENT", "Clinical judgement"));

    static final List<Choice> REFERRALS = List.of(
            new Choice("PRIMARY_CARE", "Primary care"),
            new Choice("PSYCHIATRY", "Psychiatry"),
            new Choice("PSYCHOTHERAPY", "Psychotherapy"),
            new Choice("SUBSTANCE_USE_SERVICES", "Substance use services"),
            new Choice("CRISIS_SERVICES", "Crisis services"),
            new Choice("NONE", "No referral"));

    private static final Map<String, String> CODES = Map.ofEntries(
            Map.entry("UNDER_18", "Under 18"),
            Map.entry("ELEVATED_BLOOD_PRESSURE", "Elevated blood pressure"),
            Map.entry("SELF_HARM_THOUGHTS_REVIEWED", "Thoughts of self-harm (PHQ-9 item 9 above 0)"),
            Map.entry("PREGNANT_OR_NURSING", "Pregnant or nursing"),
            Map.entry("PSYCHOSIS_OR_MANIA", "Psychosis or mania"),
            Map.entry("SUBSTANCE_DEPENDENCE", "Substance dependence"),
            Map.entry("OPIOID_USE_DISORDER_HISTORY", "History of opioid use disorder"),
            Map.entry("KETAMINE_HYPERSENSITIVITY", "Ketamine hypersensitivity"),
            Map.entry("ANEURYSMAL_VASCULAR_DISEASE", "Aneurysmal vascular disease"),
            Map.entry("ARTERIOVENOUS_MALFORMATION", "Arteriovenous malformation"),
            Map.entry("INTRACEREBRAL_HEMORRHAGE_HISTORY", "History of intracerebral hemorrhage"),
            Map.entry("UNCONTROLLED_CARDIAC_DISEASE", "Uncontrolled cardiac disease"),
            Map.entry("RECENT_SUICIDE_ATTEMPT_OR_INTENT", "Recent suicide attempt or intent"),
            Map.entry("BIPOLAR_WITHOUT_SEVERE_MANIA", "Bipolar disorder without severe mania"),
            Map.entry("RESPIRATORY_ILLNESS", "Respiratory illness"));

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** The parts of intake's summary this page uses. */
    record Summary(String patientId, List<Consultation> consultations, List<Escalation> escalations,
            boolean referredOut) {
    }

    record Consultation(String consultationId, String status, Instant requestedAt, String outcome,
            Integer plannedSessions, String ruleSetVersion, Instant decidedAt) {
    }

    record Escalation(String escalationId, String status, Instant raisedAt, int triggers) {

        public String raised() {
            return raisedAt == null ? "" : WHEN.format(raisedAt);
        }
    }

    /** A screening as {@code GET /api/intake/patients/{id}/screenings} lists it (the answers are not shown). */
    record Screening(String screeningId, Instant completedAt, BloodPressure bloodPressure, Score gad7, Phq9Score phq9,
            List<Finding> contraindications) {

        public String completed() {
            return completedAt == null ? "" : WHEN.format(completedAt);
        }
    }

    record BloodPressure(Integer systolic, Integer diastolic) {
    }

    record Score(int total, String band) {

        public String bandLabel() {
            return band == null ? "" : band.toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    record Phq9Score(int total, String band, boolean item9Positive) {

        public String bandLabel() {
            return band == null ? "" : band.toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    record Finding(String code, String severity) {

        public String label() {
            return CODES.getOrDefault(code, code);
        }

        public String severityLabel() {
            return severity == null ? "" : severity.toLowerCase(Locale.ROOT);
        }
    }

    /** What the clinician entered, shown again after a refusal. */
    record DecisionForm(String outcome, String plannedSessions, String rationale, List<String> reasons,
            String referral) {

        static DecisionForm empty() {
            return new DecisionForm(null, "", "", List.of(), null);
        }
    }

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
        DecisionForm form = new DecisionForm(outcome, plannedSessions == null ? "" : plannedSessions.strip(),
                rationale == null ? "" : rationale, reasons == null ? List.of() : List.copyOf(reasons), referral);
        Map<String, Object> body = new LinkedHashMap<>();
        if ("APPROVED".equals(outcome)) {
            body.put("outcome", "APPROVED");
            Integer sessions = null;
            try {
                sessions = Integer.valueOf(form.plannedSessions());
            } catch (NumberFormatException notANumber) {
                return refused(patientId, consultationId, model, response, form, field(400, "plannedSessions",
                        "Enter the number of sessions as a whole number."));
            }
            body.put("plannedSessions", sessions);
        } else if ("DECLINED".equals(outcome)) {
            body.put("outcome", "DECLINED");
            body.put("reasons", form.reasons());
            body.put("referral", referral == null || referral.isBlank() ? null : referral);
        } else {
            return refused(patientId, consultationId, model, response, form, field(400, "outcome",
                    "Choose approve or decline."));
        }
        if (!form.rationale().isBlank()) {
            body.put("rationale", form.rationale().strip());
        }
        Map<?, ?> decided;
        try {
            decided = gateway.post("/api/intake/consultations/{id}/decision", body, Map.class, consultationId);
        } catch (ApiProblem problem) {
            if (problem.status() != 400 && problem.status() != 409 && problem.status() != 422) {
                throw problem;
            }
            return refused(patientId, consultationId, model, response, form, explained(problem));
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
                    field(400, "reviewOutcome", "Choose cleared or refer out."));
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
            return show(patientId.toString(), back, model, DecisionForm.empty(), null, form, renamed(problem));
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
        Summary summary = gateway.get("/api/intake/patients/{id}/summary", Summary.class, patientId);
        Screening[] screenings = gateway.get("/api/intake/patients/{id}/screenings", Screening[].class, patientId);
        Consultation consultation = summary == null || summary.consultations() == null || consultationId == null ? null
                : summary.consultations().stream().filter(c -> consultationId.equals(c.consultationId())).findFirst()
                        .orElse(null);
        Escalation open = summary == null || summary.escalations() == null ? null
                : summary.escalations().stream().filter(e -> "OPEN".equals(e.status())).findFirst().orElse(null);
        model.addAttribute("patientId", patientId);
        model.addAttribute("consultationId", consultationId);
        model.addAttribute("consultation", consultation);
        model.addAttribute("screening", screenings == null || screenings.length == 0 ? null : screenings[0]);
        model.addAttribute("escalation", open);
        model.addAttribute("referredOut", summary != null && summary.referredOut());
        model.addAttribute("decision", decision);
        model.addAttribute("problem", decisionProblem);
        model.addAttribute("review", review);
        model.addAttribute("reviewProblem", reviewProblem);
        model.addAttribute("reasons", REASONS);
        model.addAttribute("referrals", REFERRALS);
        return "eligibility";
    }

    /**
     * A refusal of the decision as a sentence next to its field: the rule set's refusals name the field they
     * concern by their type; the others stay at the top of the form.
     */
    static ApiProblem explained(ApiProblem problem) {
        String type = problem.type() == null ? "" : problem.type();
        String sentence = (problem.title() == null || problem.title().isBlank() ? "" : problem.title() + ". ")
                + (problem.detail() == null ? "" : problem.detail());
        if (type.endsWith("planned-sessions-out-of-range")) {
            return withField(problem, "plannedSessions", sentence);
        }
        if (type.endsWith("rationale-required")) {
            return withField(problem, "rationale", sentence);
        }
        if (type.endsWith("absolute-contraindication") || type.endsWith("inclusion-not-met")) {
            return new ApiProblem(problem.status(), problem.type(), problem.title(), sentence, problem.errors());
        }
        return problem;
    }

    /** The review form's outcome field is named reviewOutcome on the page (the decision form has one too). */
    private static ApiProblem renamed(ApiProblem problem) {
        List<ApiProblem.FieldMessage> errors = new ArrayList<>();
        for (ApiProblem.FieldMessage error : problem.errors()) {
            errors.add(new ApiProblem.FieldMessage("outcome".equals(error.field()) ? "reviewOutcome"
                    : "notes".equals(error.field()) ? "reviewNotes" : error.field(), error.message()));
        }
        return new ApiProblem(problem.status(), problem.type(), problem.title(), problem.detail(), errors);
    }

    private static ApiProblem withField(ApiProblem problem, String field, String sentence) {
        List<ApiProblem.FieldMessage> errors = new ArrayList<>(problem.errors());
        errors.add(new ApiProblem.FieldMessage(field, sentence));
        return new ApiProblem(problem.status(), problem.type(), problem.title(),
                "The decision could not be recorded: see the message next to the field.", errors);
    }

    private static ApiProblem field(int status, String field, String message) {
        return new ApiProblem(status, null, null, "Not recorded: see the message next to the field.", List.of(new ApiProblem.FieldMessage(field, message)));
    }
}

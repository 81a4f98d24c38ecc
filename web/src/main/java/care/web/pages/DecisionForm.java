package care.web.pages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import care.web.gateway.ApiProblem;

/**
 * What the clinician entered in the eligibility decision form (fields {@code outcome}, {@code plannedSessions},
 * {@code rationale}, {@code reasons}, {@code referral}), shown again after a refusal, with the choices it offers
 * and the body of {@code POST /api/intake/consultations/{id}/decision}.
 */
record DecisionForm(String outcome, String plannedSessions, String rationale, List<String> reasons,
        String referral) {

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

    /** The decision as intake takes it, or the field to change first. */
    record Request(Map<String, Object> body, ApiProblem mistake) {
    }

    static DecisionForm empty() {
        return new DecisionForm(null, "", "", List.of(), null);
    }

    /** The form as typed; missing fields are empty. */
    static DecisionForm typed(String outcome, String plannedSessions, String rationale, List<String> reasons,
            String referral) {
        return new DecisionForm(outcome, plannedSessions == null ? "" : plannedSessions.strip(),
                rationale == null ? "" : rationale, reasons == null ? List.of() : List.copyOf(reasons), referral);
    }

    /** The body to send, or the mistake to show next to its field (the rule set checks the rest). */
    Request request() {
        Map<String, Object> body = new LinkedHashMap<>();
        if ("APPROVED".equals(outcome)) {
            body.put("outcome", "APPROVED");
            try {
                body.put("plannedSessions", Integer.valueOf(plannedSessions));
            } catch (NumberFormatException notANumber) {
                return new Request(null, EligibilityProblems.field(400, "plannedSessions",
                        "Enter the number of sessions as a whole number."));
            }
        } else if ("DECLINED".equals(outcome)) {
            body.put("outcome", "DECLINED");
            body.put("reasons", reasons);
            body.put("referral", referral == null || referral.isBlank() ? null : referral);
        } else {
            return new Request(null, EligibilityProblems.field(400, "outcome", "Choose approve or decline."));
        }
        if (!rationale.isBlank()) {
            body.put("rationale", rationale.strip());
        }
        return new Request(body, null);
    }
}

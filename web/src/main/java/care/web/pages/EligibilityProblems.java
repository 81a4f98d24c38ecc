package care.web.pages;

import java.util.ArrayList;
import java.util.List;

import care.web.gateway.ApiProblem;

/** Intake's refusals of an eligibility decision or a safety review, placed next to the field they concern. */
final class EligibilityProblems {

    private EligibilityProblems() {
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
    static ApiProblem renamed(ApiProblem problem) {
        List<ApiProblem.FieldMessage> errors = new ArrayList<>();
        for (ApiProblem.FieldMessage error : problem.errors()) {
            errors.add(new ApiProblem.FieldMessage("outcome".equals(error.field()) ? "reviewOutcome"
                    : "notes".equals(error.field()) ? "reviewNotes" : error.field(), error.message()));
        }
        return new ApiProblem(problem.status(), problem.type(), problem.title(), problem.detail(), errors);
    }

    /** A mistake in one field, found before anything was sent. */
    static ApiProblem field(int status, String field, String message) {
        return new ApiProblem(status, null, null, "Not recorded: see the message next to the field.",
                List.of(new ApiProblem.FieldMessage(field, message)));
    }

    private static ApiProblem withField(ApiProblem problem, String field, String sentence) {
        List<ApiProblem.FieldMessage> errors = new ArrayList<>(problem.errors());
        errors.add(new ApiProblem.FieldMessage(field, sentence));
        return new ApiProblem(problem.status(), problem.type(), problem.title(),
                "The decision could not be recorded: see the message next to the field.", errors);
    }
}

package care.web.pages;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import care.web.security.AccessTokens;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A due outcome measure (GAD-7 or PHQ-9 during the program), answered like the screening: one question per step,
 * in the screening's words ({@link ScreeningQuestions}), the answers in the server-side session ({@link
 * ScreeningDraft#ofMeasure}). The last step sends them to {@code POST /api/integration/patients/{id}/assessments}
 * and shows the score as the API computed it. A PHQ-9 item 9 above 0 shows the screening's crisis resources at
 * once, on the very next page, and the result says a clinician will call when the API answers
 * {@code safetyReviewRequested}.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class OutcomeMeasureController {

    /** The measure as the Integration API answers it; the web app computes no score or threshold. */
    record Measured(String instrument, String timepoint, int score, String band, Integer baselineScore,
            Integer changeFromBaseline, boolean response, boolean remission, Instant measuredAt,
            boolean safetyReviewRequested) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        public String name() {
            return ProgressController.INSTRUMENTS.getOrDefault(instrument, instrument);
        }

        public int maximum() {
            return 3 * ScreeningQuestions.questions(instrument);
        }

        public String bandLabel() {
            return ProgressController.band(band);
        }

        public String timepointLabel() {
            return ProgressController.label(timepoint).toLowerCase(Locale.ROOT);
        }
    }

    private final GatewayClient gateway;
    private final AccessTokens tokens;

    OutcomeMeasureController(GatewayClient gateway, AccessTokens tokens) {
        this.gateway = gateway;
        this.tokens = tokens;
    }

    @GetMapping("/progress/measures/{instrument}")
    String step(@PathVariable String instrument, HttpSession session, Model model) {
        String known = known(instrument);
        show(known, ScreeningDraft.ofMeasure(session, known), model);
        return "outcome-measure";
    }

    /** One question answered: {@code step} counts this measure's questions from 0; {@code move} is next or back. */
    @PostMapping("/progress/measures/{instrument}")
    String answer(@PathVariable String instrument, @RequestParam int step,
            @RequestParam(defaultValue = "next") String move, @RequestParam(required = false) String answer,
            HttpSession session, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        String known = known(instrument);
        int first = ScreeningQuestions.firstStep(known);
        int count = ScreeningQuestions.questions(known);
        ScreeningDraft draft = ScreeningDraft.ofMeasure(session, known);
        if (step < 0 || step >= count) {
            return "redirect:/progress/measures/" + known;
        }
        boolean back = "back".equals(move);
        Integer value = ScreeningController.answerValue(answer);
        if (value != null) {
            draft.answer(first + step, value);
        } else if (!back) {
            draft.moveTo(step);
            draft.save(session);
            return refuse(known, draft, model, response, new ApiProblem(400, null, null,
                    "Choose one answer to go on.", List.of(new ApiProblem.FieldMessage("answer",
                            "Choose how often this bothered you."))));
        }
        if (back) {
            draft.moveTo(step - 1);
            draft.save(session);
            return "redirect:/progress/measures/" + known;
        }
        if (step < count - 1) {
            draft.moveTo(step + 1);
            draft.save(session);
            return "redirect:/progress/measures/" + known;
        }
        draft.save(session);
        return submit(known, draft, session, model, response, redirect);
    }

    @GetMapping("/progress/measures/{instrument}/result")
    String result(@PathVariable String instrument, Model model) {
        known(instrument);
        if (!model.containsAttribute("measured")) {
            return "redirect:/progress";
        }
        return "outcome-measure-result";
    }

    private String submit(String instrument, ScreeningDraft draft, HttpSession session, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        int first = ScreeningQuestions.firstStep(instrument);
        int missing = draft.firstUnanswered(first, first + ScreeningQuestions.questions(instrument));
        if (missing >= 0) {
            draft.moveTo(missing - first);
            draft.save(session);
            return refuse(instrument, draft, model, response, new ApiProblem(400, null, null,
                    "This question has no answer yet. Choose one to go on.",
                    List.of(new ApiProblem.FieldMessage("answer", "Choose how often this bothered you."))));
        }
        boolean crisis = selfHarmThoughts(instrument, draft);
        try {
            Measured measured = gateway.post("/api/integration/patients/{id}/assessments",
                    draft.measureRequest(instrument), Measured.class, PatientContext.patientId(tokens));
            ScreeningDraft.discardMeasure(session, instrument);
            redirect.addFlashAttribute("measured", measured);
            redirect.addFlashAttribute("crisis", crisis);
            return "redirect:/progress/measures/" + instrument + "/result";
        } catch (ApiProblem problem) {
            if (problem.status() != 400 && problem.status() != 409 && problem.status() != 422) {
                throw problem;
            }
            return refuse(instrument, draft, model, response, plain(problem));
        }
    }

    /** The Integration API's refusal in the words of this page. */
    static ApiProblem plain(ApiProblem problem) {
        String type = problem.type() == null ? "" : problem.type();
        String detail;
        if (type.endsWith(":measure-already-recorded")) {
            detail = "You have already answered this questionnaire for now. The next one appears under Progress "
                    + "when it is due.";
        } else if (type.endsWith(":no-measure-due")) {
            detail = "No questionnaire is due right now" + (problem.detail() == null ? "." : ": " + problem.detail());
        } else if (type.endsWith(":no-program")) {
            detail = "Your program has not started yet, so no questionnaire is due.";
        } else if (type.endsWith(":program-completed")) {
            detail = "Your program is complete: no more questionnaires are due.";
        } else if (problem.status() == 400) {
            detail = "Your answers could not be accepted. Go back through the questions and send them again.";
        } else {
            detail = problem.detail();
        }
        return new ApiProblem(problem.status(), problem.type(), problem.title(), detail, List.of());
    }

    private static String refuse(String instrument, ScreeningDraft draft, Model model, HttpServletResponse response,
            ApiProblem problem) {
        response.setStatus(problem.status());
        model.addAttribute("problem", problem);
        show(instrument, draft, model);
        return "outcome-measure";
    }

    private static void show(String instrument, ScreeningDraft draft, Model model) {
        int count = ScreeningQuestions.questions(instrument);
        int step = Math.min(draft.step(), count - 1);
        int question = ScreeningQuestions.firstStep(instrument) + step;
        model.addAttribute("instrument", instrument);
        model.addAttribute("name", ProgressController.INSTRUMENTS.get(instrument));
        model.addAttribute("step", step);
        model.addAttribute("stepNumber", step + 1);
        model.addAttribute("steps", count);
        model.addAttribute("last", step == count - 1);
        model.addAttribute("stem", ScreeningQuestions.STEM);
        model.addAttribute("answers", ScreeningQuestions.ANSWERS);
        model.addAttribute("section", ScreeningQuestions.section(question));
        model.addAttribute("item", ScreeningQuestions.item(question));
        model.addAttribute("chosen", draft.answer(question));
        model.addAttribute("crisis", selfHarmThoughts(instrument, draft));
        if (!model.containsAttribute("problem")) {
            model.addAttribute("problem", null);
        }
    }

    /** PHQ-9 item 9 answered above 0. */
    private static boolean selfHarmThoughts(String instrument, ScreeningDraft draft) {
        Integer item9 = draft.answer(ScreeningQuestions.PHQ9_ITEM9);
        return "PHQ9".equals(instrument) && item9 != null && item9 > 0;
    }

    /** GAD7 or PHQ9 (in any case); 404 for anything else. */
    private static String known(String instrument) {
        String upper = instrument.toUpperCase(Locale.ROOT);
        if (ScreeningQuestions.firstStep(upper) < 0) {
            throw new ApiProblem(404, null, "Not found", "There is no such questionnaire.", List.of());
        }
        return upper;
    }
}

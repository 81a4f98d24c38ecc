package care.web.pages;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import care.web.security.AccessTokens;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The screening, one step per page: each GAD-7 and PHQ-9 question, then conditions, then a blood-pressure reading,
 * with Back and Next. The answers stay in the server-side session ({@link ScreeningDraft}); the form carries only
 * the step it shows. A PHQ-9 item 9 above 0 shows crisis resources on the very next page. The last step sends the
 * screening to {@code POST /api/intake/patients/{id}/screenings} and shows what intake found.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class ScreeningController {

    /** The scores and findings intake answers with. */
    record Score(int total, String band) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        /** The band in words, e.g. "moderately severe". */
        public String bandLabel() {
            return band == null ? "" : band.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    record Finding(String code, String severity) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        /** The condition in the words the screening used, else the code in words. */
        public String label() {
            return ScreeningQuestions.CONDITIONS.stream().filter(condition -> condition.code().equals(code))
                    .map(ScreeningQuestions.Condition::label).findFirst()
                    .orElseGet(() -> switch (code == null ? "" : code) {
                        case "UNDER_18" -> "Under 18 years old";
                        case "ELEVATED_BLOOD_PRESSURE" -> "Blood pressure above the program's limit";
                        case "SELF_HARM_THOUGHTS_REVIEWED" -> "Thoughts of self-harm, for a clinician to review";
                        default -> code == null ? "" : code.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
                    });
        }
    }

    record ScreeningResult(String screeningId, Score gad7, Score phq9, List<Finding> contraindications,
            boolean safetyEscalationRaised, boolean safetyReviewPending) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    private final GatewayClient gateway;
    private final AccessTokens tokens;

    ScreeningController(GatewayClient gateway, AccessTokens tokens) {
        this.gateway = gateway;
        this.tokens = tokens;
    }

    @GetMapping("/screening")
    String step(HttpSession session, Model model) {
        show(ScreeningDraft.of(session), model);
        return "screening";
    }

    /**
     * One step answered: {@code step} is the step the form showed, {@code move} is "next" or "back". Next on a
     * question needs an answer; Back keeps whatever was chosen.
     */
    @PostMapping("/screening")
    String answer(@RequestParam int step, @RequestParam(defaultValue = "next") String move,
            @RequestParam(required = false) String answer,
            @RequestParam(name = "condition", required = false) List<String> conditions,
            @RequestParam(required = false) String systolic, @RequestParam(required = false) String diastolic,
            HttpSession session, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        ScreeningDraft draft = ScreeningDraft.of(session);
        if (step < 0 || step >= ScreeningQuestions.STEPS) {
            return "redirect:/screening";
        }
        boolean back = "back".equals(move);
        if (ScreeningQuestions.isQuestion(step)) {
            Integer value = answerValue(answer);
            if (value != null) {
                draft.answer(step, value);
            } else if (!back) {
                draft.moveTo(step);
                draft.save(session);
                return refuse(draft, model, response, new ApiProblem(400, null, null,
                        "Choose one answer to go on.", List.of(new ApiProblem.FieldMessage("answer",
                                "Choose how often this bothered you."))));
            }
        } else if (step == ScreeningQuestions.CONDITIONS_STEP) {
            draft.conditions(conditions == null ? List.of() : conditions);
        } else {
            draft.bloodPressure(systolic, diastolic);
        }
        if (back) {
            draft.moveTo(step - 1);
            draft.save(session);
            return "redirect:/screening";
        }
        if (step < ScreeningQuestions.BLOOD_PRESSURE_STEP) {
            draft.moveTo(step + 1);
            draft.save(session);
            if (step == ScreeningQuestions.PHQ9_ITEM9 && draft.answer(step) > 0) {
                return "redirect:/screening/support";
            }
            return "redirect:/screening";
        }
        draft.save(session);
        return submit(draft, session, model, response, redirect);
    }

    /** Crisis resources, shown at once after PHQ-9 item 9 is answered above 0; the screening goes on after it. */
    @GetMapping("/screening/support")
    String support() {
        return "screening-support";
    }

    @GetMapping("/screening/result")
    String result(Model model) {
        if (!model.containsAttribute("result")) {
            return "redirect:/screening";
        }
        return "screening-result";
    }

    private String submit(ScreeningDraft draft, HttpSession session, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        int missing = draft.firstUnanswered();
        if (missing >= 0) {
            draft.moveTo(missing);
            draft.save(session);
            return refuse(draft, model, response, new ApiProblem(400, null, null,
                    "This question has no answer yet. Choose one to go on.",
                    List.of(new ApiProblem.FieldMessage("answer", "Choose how often this bothered you."))));
        }
        List<ApiProblem.FieldMessage> typed = new ArrayList<>();
        if (!draft.systolic().matches("[0-9]{1,3}")) {
            typed.add(new ApiProblem.FieldMessage("systolic", "Enter the top number as a whole number, such as 120."));
        }
        if (!draft.diastolic().matches("[0-9]{1,3}")) {
            typed.add(new ApiProblem.FieldMessage("diastolic",
                    "Enter the bottom number as a whole number, such as 80."));
        }
        if (!typed.isEmpty()) {
            return refuse(draft, model, response, new ApiProblem(400, null, null,
                    "Enter both numbers of your blood-pressure reading.", typed));
        }
        String patientId = PatientContext.patientId(tokens);
        try {
            ScreeningResult result = gateway.post("/api/intake/patients/{id}/screenings", draft.request(),
                    ScreeningResult.class, patientId);
            ScreeningDraft.discard(session);
            redirect.addFlashAttribute("result", result);
            return "redirect:/screening/result";
        } catch (ApiProblem problem) {
            if (problem.status() == 401 || problem.status() == 403 || problem.status() == 404
                    || problem.status() >= 500) {
                throw problem;
            }
            return refuse(draft, model, response, plain(problem));
        }
    }

    /** The step shown again with the problem: its status, its page message and its field messages. */
    private static String refuse(ScreeningDraft draft, Model model, HttpServletResponse response, ApiProblem problem) {
        response.setStatus(problem.status());
        model.addAttribute("problem", problem);
        show(draft, model);
        return "screening";
    }

    /**
     * Intake's problem in the words of this page: field errors about the reading move next to its two inputs, a
     * too-many-screenings refusal says when to come back.
     */
    static ApiProblem plain(ApiProblem problem) {
        List<ApiProblem.FieldMessage> errors = new ArrayList<>();
        for (ApiProblem.FieldMessage error : problem.errors()) {
            String field = error.field() == null ? "" : error.field();
            if (field.equals("bloodPressure.systolic")) {
                errors.add(new ApiProblem.FieldMessage("systolic", "The top number " + error.message() + "."));
            } else if (field.equals("bloodPressure.diastolic")) {
                errors.add(new ApiProblem.FieldMessage("diastolic", "The bottom number " + error.message() + "."));
            } else {
                errors.add(error);
            }
        }
        String detail = problem.detail();
        if (problem.status() == 400 && !errors.isEmpty()) {
            detail = "Some answers could not be accepted. Check the messages below.";
        } else if (problem.status() == 429) {
            detail = "You have sent the screening many times today. Your answers are kept here: please try again "
                    + "tomorrow.";
        }
        return new ApiProblem(problem.status(), problem.type(), problem.title(), detail, errors);
    }

    private static void show(ScreeningDraft draft, Model model) {
        int step = draft.step();
        model.addAttribute("step", step);
        model.addAttribute("stepNumber", step + 1);
        model.addAttribute("steps", ScreeningQuestions.STEPS);
        model.addAttribute("stem", ScreeningQuestions.STEM);
        model.addAttribute("answers", ScreeningQuestions.ANSWERS);
        if (ScreeningQuestions.isQuestion(step)) {
            model.addAttribute("kind", "question");
            model.addAttribute("section", ScreeningQuestions.section(step));
            model.addAttribute("item", ScreeningQuestions.item(step));
            model.addAttribute("chosen", draft.answer(step));
        } else if (step == ScreeningQuestions.CONDITIONS_STEP) {
            model.addAttribute("kind", "conditions");
            model.addAttribute("conditions", ScreeningQuestions.CONDITIONS);
            model.addAttribute("reported", draft.conditions());
        } else {
            model.addAttribute("kind", "bloodPressure");
            model.addAttribute("systolic", draft.systolic());
            model.addAttribute("diastolic", draft.diastolic());
        }
        if (!model.containsAttribute("problem")) {
            model.addAttribute("problem", null);
        }
    }

    static Integer answerValue(String answer) {
        if (answer == null || !answer.matches("[0-3]")) {
            return null;
        }
        return Integer.valueOf(answer);
    }

}

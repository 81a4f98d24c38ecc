package care.web.pages;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpSession;

/**
 * The answers given so far, kept in the server-side session only (never in a URL or a hidden field), and the step
 * the patient is on. Dropped once intake has the screening, or when the session ends. An outcome measure (GAD-7 or
 * PHQ-9 during the program) keeps its answers in a draft of its own ({@link #ofMeasure}), at the screening's
 * question steps of that instrument.
 */
final class ScreeningDraft implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    static final String SESSION_ATTRIBUTE = ScreeningDraft.class.getName();

    private final Integer[] answers = new Integer[ScreeningQuestions.QUESTIONS];
    private final Set<String> conditions = new LinkedHashSet<>();
    private String systolic = "";
    private String diastolic = "";
    private int step;
    /** The session attribute this draft is kept under (the screening's, or an outcome measure's). */
    private final String attribute;

    private ScreeningDraft(String attribute) {
        this.attribute = attribute;
    }

    static ScreeningDraft of(HttpSession session) {
        return of(session, SESSION_ATTRIBUTE);
    }

    /** The draft of an outcome measure ("GAD7" or "PHQ9"); its step counts that measure's questions from 0. */
    static ScreeningDraft ofMeasure(HttpSession session, String instrument) {
        return of(session, measureAttribute(instrument));
    }

    private static ScreeningDraft of(HttpSession session, String attribute) {
        if (session.getAttribute(attribute) instanceof ScreeningDraft draft) {
            return draft;
        }
        ScreeningDraft draft = new ScreeningDraft(attribute);
        session.setAttribute(attribute, draft);
        return draft;
    }

    static void discard(HttpSession session) {
        session.removeAttribute(SESSION_ATTRIBUTE);
    }

    static void discardMeasure(HttpSession session, String instrument) {
        session.removeAttribute(measureAttribute(instrument));
    }

    private static String measureAttribute(String instrument) {
        return SESSION_ATTRIBUTE + ".measure." + instrument;
    }

    /** Stores the draft again, so that a session store that copies attributes sees the change. */
    void save(HttpSession session) {
        session.setAttribute(attribute == null ? SESSION_ATTRIBUTE : attribute, this);
    }

    int step() {
        return step;
    }

    void moveTo(int step) {
        this.step = Math.max(0, Math.min(ScreeningQuestions.STEPS - 1, step));
    }

    Integer answer(int question) {
        return answers[question];
    }

    void answer(int question, Integer value) {
        answers[question] = value;
    }

    /** The first question not answered yet, or -1. */
    int firstUnanswered() {
        return firstUnanswered(0, answers.length);
    }

    /** The first question from {@code from} (inclusive) to {@code to} (exclusive) not answered yet, or -1. */
    int firstUnanswered(int from, int to) {
        for (int i = from; i < to; i++) {
            if (answers[i] == null) {
                return i;
            }
        }
        return -1;
    }

    Set<String> conditions() {
        return Set.copyOf(conditions);
    }

    void conditions(List<String> codes) {
        conditions.clear();
        codes.stream().filter(ScreeningQuestions::isKnownCondition).forEach(conditions::add);
    }

    String systolic() {
        return systolic;
    }

    String diastolic() {
        return diastolic;
    }

    void bloodPressure(String systolic, String diastolic) {
        this.systolic = systolic == null ? "" : systolic.strip();
        this.diastolic = diastolic == null ? "" : diastolic.strip();
    }

    /** The body of {@code POST /api/intake/patients/{id}/screenings}. */
    Map<String, Object> request() {
        List<Integer> all = Arrays.asList(answers);
        Map<String, Object> bloodPressure = new java.util.LinkedHashMap<>();
        bloodPressure.put("systolic", number(systolic));
        bloodPressure.put("diastolic", number(diastolic));
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("gad7", new ArrayList<>(all.subList(ScreeningQuestions.GAD7_FIRST, ScreeningQuestions.PHQ9_FIRST)));
        body.put("phq9", new ArrayList<>(all.subList(ScreeningQuestions.PHQ9_FIRST, ScreeningQuestions.QUESTIONS)));
        body.put("conditions", ScreeningQuestions.CONDITIONS.stream().map(ScreeningQuestions.Condition::code)
                .filter(conditions::contains).toList());
        body.put("bloodPressure", bloodPressure);
        return body;
    }

    /**
     * The body of {@code POST /api/integration/patients/{id}/assessments}: the instrument and its answers, in the
     * order of its questions.
     */
    Map<String, Object> measureRequest(String instrument) {
        int first = ScreeningQuestions.firstStep(instrument);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("instrument", instrument);
        body.put("answers", new ArrayList<>(Arrays.asList(answers)
                .subList(first, first + ScreeningQuestions.questions(instrument))));
        return body;
    }

    /** A whole number as typed, or null (intake then says what is wrong). */
    private static Integer number(String value) {
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}

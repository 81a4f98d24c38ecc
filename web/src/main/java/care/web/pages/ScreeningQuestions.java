package care.web.pages;

import java.util.List;

/**
 * The screening as the patient answers it, one step at a time: the seven GAD-7 items, the nine PHQ-9 items (in their
 * standard wording and order), the conditions intake takes ({@code conditions}, the codes a patient may report)
 * and a blood-pressure reading.
 */
final class ScreeningQuestions {

    /** The stem every GAD-7 and PHQ-9 item is asked with. */
    static final String STEM = "Over the last 2 weeks, how often have you been bothered by…";

    static final List<String> GAD7 = List.of(
            "Feeling nervous, anxious, or on edge",
            "Not being able to stop or control worrying",
            "Worrying too much about different things",
            "Trouble relaxing",
            "Being so restless that it is hard to sit still",
            "Becoming easily annoyed or irritable",
            "Feeling afraid, as if something awful might happen");

    static final List<String> PHQ9 = List.of(
            "Little interest or pleasure in doing things",
            "Feeling down, depressed, or hopeless",
            "Trouble falling or staying asleep, or sleeping too much",
            "Feeling tired or having little energy",
            "Poor appetite or overeating",
            "Feeling bad about yourself, or that you are a failure or have let yourself or your family down",
            "Trouble concentrating on things, such as reading the newspaper or watching television",
            "Moving or speaking so slowly that other people could have noticed, or the opposite: being so fidgety "
                    + "or restless that you have been moving around a lot more than usual",
            "Thoughts that you would be better off dead or of hurting yourself");

    /** The answers 0–3, in order. */
    static final List<String> ANSWERS = List.of("Not at all", "Several days", "More than half the days",
            "Nearly every day");

    /** A condition the patient may report, with the code intake takes. */
    record Condition(String code, String label) {
    }

    /** The codes intake accepts in {@code conditions} (every contraindication it does not derive itself). */
    static final List<Condition> CONDITIONS = List.of(
            new Condition("PREGNANT_OR_NURSING", "I am pregnant or breastfeeding"),
            new Condition("PSYCHOSIS_OR_MANIA", "Psychosis or mania, now or in the past"),
            new Condition("BIPOLAR_WITHOUT_SEVERE_MANIA", "Bipolar disorder (without severe mania)"),
            new Condition("SUBSTANCE_DEPENDENCE", "Dependence on alcohol or drugs"),
            new Condition("OPIOID_USE_DISORDER_HISTORY", "Opioid use disorder, now or in the past"),
            new Condition("KETAMINE_HYPERSENSITIVITY", "A reaction or allergy to ketamine"),
            new Condition("ANEURYSMAL_VASCULAR_DISEASE", "An aneurysm or aneurysmal blood vessel disease"),
            new Condition("ARTERIOVENOUS_MALFORMATION", "An arteriovenous malformation (AVM)"),
            new Condition("INTRACEREBRAL_HEMORRHAGE_HISTORY", "Bleeding in the brain, ever"),
            new Condition("UNCONTROLLED_CARDIAC_DISEASE", "A heart condition that is not under control"),
            new Condition("RECENT_SUICIDE_ATTEMPT_OR_INTENT", "A suicide attempt or plan in the last year"),
            new Condition("RESPIRATORY_ILLNESS", "A lung or breathing illness, such as asthma or COPD"));

    static final int GAD7_FIRST = 0;
    static final int PHQ9_FIRST = GAD7.size();
    /** The step of PHQ-9 item 9: an answer above 0 shows crisis resources at once. */
    static final int PHQ9_ITEM9 = PHQ9_FIRST + PHQ9.size() - 1;
    static final int QUESTIONS = GAD7.size() + PHQ9.size();
    static final int CONDITIONS_STEP = QUESTIONS;
    static final int BLOOD_PRESSURE_STEP = QUESTIONS + 1;
    static final int STEPS = QUESTIONS + 2;

    private ScreeningQuestions() {
    }

    static boolean isQuestion(int step) {
        return step >= 0 && step < QUESTIONS;
    }

    /** The questionnaire a question step belongs to, e.g. "Anxiety (GAD-7), question 3 of 7". */
    static String section(int step) {
        return step < PHQ9_FIRST ? "Anxiety (GAD-7), question " + (step + 1) + " of " + GAD7.size()
                : "Mood (PHQ-9), question " + (step - PHQ9_FIRST + 1) + " of " + PHQ9.size();
    }

    static String item(int step) {
        return step < PHQ9_FIRST ? GAD7.get(step) : PHQ9.get(step - PHQ9_FIRST);
    }

    /**
     * The first step of an outcome measure's questions ("GAD7" or "PHQ9", as the Integration API names them): a
     * measure asks the screening's questions of that instrument, in the same words and with the same answers.
     * -1 for any other name.
     */
    static int firstStep(String instrument) {
        return switch (instrument == null ? "" : instrument) {
            case "GAD7" -> GAD7_FIRST;
            case "PHQ9" -> PHQ9_FIRST;
            default -> -1;
        };
    }

    /** How many questions an outcome measure has (7 or 9); 0 for any other name. */
    static int questions(String instrument) {
        return switch (instrument == null ? "" : instrument) {
            case "GAD7" -> GAD7.size();
            case "PHQ9" -> PHQ9.size();
            default -> 0;
        };
    }

    static boolean isKnownCondition(String code) {
        return CONDITIONS.stream().anyMatch(condition -> condition.code().equals(code));
    }
}

package care.integration.pathway;

import java.util.Optional;

import care.kit.domain.Refusal;

/** The program's refusals: their problem types, titles and details are part of the API (clients branch on them). */
public enum ProgramRefusal implements Refusal.Reason {

    NO_PROGRAM("no-program", "No program", "The patient's treatment plan has not started yet."),
    PROGRAM_COMPLETED("program-completed", "Program completed", "The patient's program is already complete."),
    /** The detail names when the next questionnaires are due. */
    NO_MEASURE_DUE("no-measure-due", "No outcome measure due", "No questionnaire is due now."),
    PROMPT_NOT_ASSIGNED("prompt-not-assigned", "Prompt not assigned", "This prompt has not been assigned to the patient."),
    UNKNOWN_COACHING_APPOINTMENT("unknown-coaching-appointment", "Unknown coaching appointment",
            "The patient has no coaching appointment with this id."),
    COACHING_APPOINTMENT_CANCELLED("coaching-appointment-cancelled", "Coaching appointment cancelled",
            "A cancelled appointment has no session to record."),
    COACHING_NOT_STARTED("coaching-not-started", "Coaching not started yet",
            "A coaching session is recorded after its appointment has started."),
    /** The detail says how many of the recommended items are unknown. */
    UNKNOWN_CONTENT("unknown-content", "Unknown content", "Some of the recommended items are not in the content library.");

    private final String type;
    private final String title;
    private final String detail;

    ProgramRefusal(String type, String title, String detail) {
        this.type = type;
        this.title = title;
        this.detail = detail;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String detail() {
        return detail;
    }

    /** No questionnaire is due now; the detail names the session after which the next ones are, if known. */
    public static Refusal noMeasureDue(Optional<Integer> nextAfterSession) {
        return NO_MEASURE_DUE.refusal(nextAfterSession
                .map(session -> "The next questionnaires are due after session " + session + ".")
                .orElse(NO_MEASURE_DUE.detail()));
    }

    /** A refusal of this reason (422). */
    public Refusal refusal() {
        return Refusal.rule(this);
    }

    /** A refusal of this reason (422) with the detail of this case. */
    public Refusal refusal(String detail) {
        return Refusal.rule(this, detail);
    }
}

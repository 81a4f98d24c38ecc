package care.web.pages;

import care.web.gateway.ApiProblem;

/** Scheduling's refusals of a booking in plain words; the program's numbers stay with the scheduling service. */
final class BookingRefusals {

    private static final String PROBLEM = "urn:care:problem:";

    private BookingRefusals() {
    }

    /** A refusal of the booking of session {@code number} in plain words. */
    static String explain(String type, int number, ApiProblem problem) {
        return switch (type == null ? "" : type) {
            case "minimum-gap-between-dosing" -> "This time is too close to another of your dosing sessions: the "
                    + "program needs more time between two sessions. Please choose a day further away from them.";
            case "dosing-per-week-cap" -> "This time would put too many dosing sessions into one week. Please choose "
                    + "a day further away from your other sessions.";
            case "session-order" -> "Sessions take place in order: session " + number + " comes after the sessions "
                    + "before it and before the ones after it. Please choose a time in between.";
            case "consultation-first" -> "Your consultation with a clinician comes first. Please choose a time after "
                    + "your consultation.";
            case "plan-not-active" -> "Your program is paused or has ended, so no session can be booked now. Your "
                    + "clinician will contact you.";
            case "no-treatment-plan" -> "You have no approved program yet, so there is nothing to book.";
            case "session-not-in-plan" -> "Your program has no session " + number + ".";
            case "start-in-past", "start-off-grid", "outside-availability", "provider-does-not-offer",
                    "provider-not-registered" -> "This time is no longer offered. Please choose another.";
            case "idempotency-key-reused" -> "This confirmation was already used for another time. Please choose "
                    + "the time again.";
            default -> problem.message();
        };
    }

    /** The problem's type without the platform's prefix, e.g. {@code slot-taken}. */
    static String kind(ApiProblem problem) {
        String type = problem.type();
        return type != null && type.startsWith(PROBLEM) ? type.substring(PROBLEM.length()) : type;
    }
}

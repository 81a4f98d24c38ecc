package care.scheduling.placement;

import care.kit.domain.Refusal;

/** Why {@link Placement} refuses an appointment at a start (each a 422, the type stable). */
public enum PlacementRefusal implements Refusal.Reason {

    START_OFF_GRID("start-off-grid", "Start not on the booking grid",
            "Appointments start on a " + Placement.BLOCK.toMinutes() + "-minute grid."),
    START_IN_PAST("start-in-past", "Start in the past", "Appointments start in the future."),
    PROVIDER_NOT_REGISTERED("provider-not-registered", "Provider not registered",
            "The provider is not a registered clinician."),
    JURISDICTION_UNKNOWN("jurisdiction-unknown", "Jurisdiction not known",
            "Where the patient receives care is not known yet, so no clinician can be booked."),
    PROVIDER_NOT_LICENSED("provider-not-licensed", "Provider not licensed",
            "The clinician is not licensed where the patient receives care."),
    PROVIDER_DOES_NOT_OFFER("provider-does-not-offer", "Provider does not offer this",
            "The provider offers no availability for this appointment type."),
    OUTSIDE_AVAILABILITY("outside-availability", "Outside availability",
            "The appointment is not inside the provider's availability."),
    CONSULTATION_NOT_REQUESTED("consultation-not-requested", "No consultation requested",
            "The patient has no consultation request waiting for an appointment."),
    NO_TREATMENT_PLAN("no-treatment-plan", "No treatment plan", "The patient has no approved treatment plan."),
    PLAN_NOT_ACTIVE("plan-not-active", "Plan not active", "The treatment plan has ended."),
    SESSION_NOT_IN_PLAN("session-not-in-plan", "Session not in the plan", "The session is not in the plan."),
    CONSULTATION_FIRST("consultation-first", "Consultation first", "A consultation precedes the first dosing session."),
    COACHING_WINDOW("coaching-window", "Outside the coaching window",
            "Integration coaching is booked 24 to 72 hours after a dosing session.");

    private final String type;
    private final String title;
    private final String detail;

    PlacementRefusal(String type, String title, String detail) {
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
}

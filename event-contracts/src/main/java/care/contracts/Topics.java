package care.contracts;

/**
 * Names of the Kafka topics that services publish to. Every producer and consumer refers to these
 * constants, so a topic name is written exactly once.
 */
public final class Topics {

    /** Events of the intake service: registration, screening, consent, consultation, eligibility. */
    public static final String INTAKE_EVENTS = "care.intake.events.v1";

    /** Compacted, restricted topic with patient contact details; read by the notification service only. */
    public static final String PATIENT_CONTACTS = "care.intake.patient-contacts.v1";

    /** Events of the scheduling service: treatment plans and appointments. */
    public static final String SCHEDULING_EVENTS = "care.scheduling.events.v1";

    /** Events of the session service: preparation, supervised sessions, safety, reflections. */
    public static final String SESSION_EVENTS = "care.session.events.v1";

    /** Events of the integration service: coaching, journaling, outcome measures. */
    public static final String INTEGRATION_EVENTS = "care.integration.events.v1";

    /** Events of the notification service: scheduled, sent, failed and suppressed notifications. */
    public static final String NOTIFICATION_EVENTS = "care.notification.events.v1";

    private Topics() {
    }
}

package care.contracts;

import java.util.List;
import java.util.Optional;

/**
 * Names of the Kafka topics that services publish to. Every producer and consumer refers to these
 * constants, so a topic name is written exactly once. {@link #all()} describes each topic: owner, key,
 * retention and access.
 *
 * <p>Every topic is keyed by the patient id ({@link #PATIENT_ID_KEY}), so the events of one patient stay in
 * order, except the staff directory, keyed by the staff id ({@link #STAFF_ID_KEY}); event type and id travel
 * in headers ({@link CloudEventHeaders}).
 */
public final class Topics {

    /** Events of the intake service: registration, screening, consent, consultation, eligibility. */
    public static final String INTAKE_EVENTS = "care.intake.events.v1";

    /** Compacted, restricted topic with patient contact details; read by the notification service only. */
    public static final String PATIENT_CONTACTS = "care.intake.patient-contacts.v1";

    /**
     * Compacted topic with each patient's care team: who may see and act for the patient, as intake (its only
     * owner) last decided. Every service projects it and authorizes from it.
     */
    public static final String CARE_TEAMS = "care.intake.care-teams.v1";

    /** Compacted topic with the clinic's staff directory: registered clinicians and coaches, by staff id. */
    public static final String STAFF_DIRECTORY = "care.intake.staff.v1";

    /** Every service's accounting of access to personal data (who read or changed what, or was refused). */
    public static final String AUDIT_EVENTS = "care.audit.events.v1";

    /** Events of the scheduling service: treatment plans and appointments. */
    public static final String SCHEDULING_EVENTS = "care.scheduling.events.v1";

    /** Events of the session service: preparation, supervised sessions, safety, reflections. */
    public static final String SESSION_EVENTS = "care.session.events.v1";

    /** Events of the integration service: coaching, journaling, outcome measures. */
    public static final String INTEGRATION_EVENTS = "care.integration.events.v1";

    /** Events of the notification service: scheduled, sent, failed and suppressed notifications. */
    public static final String NOTIFICATION_EVENTS = "care.notification.events.v1";

    /** The record key of every topic but the staff directory. */
    public static final String PATIENT_ID_KEY = "patient id: random UUID, canonical lowercase string";

    /** The record key of the staff directory. */
    public static final String STAFF_ID_KEY = "staff id: the staff member's provider id, canonical lowercase UUID string";

    /** The owner of a topic that every service publishes to. */
    public static final String EVERY_SERVICE = "every service";

    /**
     * What a topic is for.
     *
     * @param name         the topic name, one of the constants of {@link Topics}
     * @param ownerService the only service that publishes to it, or {@link #EVERY_SERVICE}
     * @param key          what the record key holds ({@link #PATIENT_ID_KEY} or {@link #STAFF_ID_KEY})
     * @param compacted    {@code cleanup.policy=compact}: only the latest value per key is kept
     * @param restricted   carries personal data: ACLs limit it to the owner and the named readers
     * @param description  what flows on it
     */
    public record Topic(String name, String ownerService, String key, boolean compacted, boolean restricted,
                        String description) {
    }

    private static final List<Topic> ALL = List.of(
            new Topic(INTAKE_EVENTS, "intake-service", PATIENT_ID_KEY, false, false,
                    "Registration, screening results, safety escalations, consent, consultation requests and "
                            + "eligibility decisions."),
            new Topic(PATIENT_CONTACTS, "intake-service", PATIENT_ID_KEY, true, true,
                    "Latest contact details per patient for the notification service only. An erasure is a "
                            + "PatientContactChanged with erased=true (compaction then drops all earlier values), "
                            + "optionally followed by a tombstone; set max.compaction.lag.ms to bound how long "
                            + "superseded values stay in the log."),
            new Topic(CARE_TEAMS, "intake-service", PATIENT_ID_KEY, true, false,
                    "Each patient's care team after every change (CareTeamChanged carries the whole team and a "
                            + "version, so the latest value per patient is all a reader needs): responsible and "
                            + "supervising clinicians, coach and time-limited emergency access. Ids and role codes "
                            + "only."),
            new Topic(STAFF_DIRECTORY, "intake-service", STAFF_ID_KEY, true, false,
                    "The staff directory: each clinician's and coach's registered roles and licensed "
                            + "jurisdictions (StaffMemberChanged, the whole entry with a version). No names or "
                            + "contact details. An entry without roles is a staff member no longer registered."),
            new Topic(AUDIT_EVENTS, EVERY_SERVICE, PATIENT_ID_KEY, false, false,
                    "The accounting of access to personal data: every read or change of a patient's data and "
                            + "every refusal, by every service (AccessRecorded). Ids and codes only; the intake "
                            + "service keeps them all for the patient's access log. Keep for at least six years "
                            + "(HIPAA 45 CFR 164.316)."),
            new Topic(SCHEDULING_EVENTS, "scheduling-service", PATIENT_ID_KEY, false, false,
                    "Treatment plans (created, paused, resumed, completed), appointments (booked, "
                            + "rescheduled, cancelled, missed) and coaching that could not be booked."),
            new Topic(SESSION_EVENTS, "session-service", PATIENT_ID_KEY, false, false,
                    "Dosing-session preparation, start, deferral, monitor check-ins, adverse events, completion "
                            + "and reflections (ids and counts only)."),
            new Topic(INTEGRATION_EVENTS, "integration-service", PATIENT_ID_KEY, false, false,
                    "Integration phases, coach assignments, journaling (ids and counts only), coaching, outcome "
                            + "measures and program completion."),
            new Topic(NOTIFICATION_EVENTS, "notification-service", PATIENT_ID_KEY, false, false,
                    "Lifecycle of notifications: scheduled, sent, failed, suppressed; never the message text."));

    private Topics() {
    }

    /** Every v1 topic. */
    public static List<Topic> all() {
        return ALL;
    }

    /** The description of the topic called {@code name}, if it is a v1 topic. */
    public static Optional<Topic> describe(String name) {
        return ALL.stream().filter(topic -> topic.name().equals(name)).findFirst();
    }
}

package care.scheduling.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.CareEvent;
import care.contracts.intake.EligibilityApproved;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.scheduling.TreatmentPlanPaused;
import care.contracts.scheduling.TreatmentPlanResumed;
import care.kit.domain.Aggregate;
import care.kit.domain.Refusal;

/**
 * A patient's treatment plan: the approved number of dosing sessions and whether the plan may go on.
 * Which session is booked lives with the appointments; the plan counts what ends a session's life:
 * fulfilment and no-shows. It completes with its last planned session.
 * <p>
 * A plan is paused while it is held for at least one reason ({@code holds}); each reason is kept until a
 * clinician resumes the plan, which lifts them all and is recorded in {@code resumptions}. The
 * {@value #PAUSE_AFTER_MISSED}nd no-show since the plan last (re)started holds it.
 */
@Aggregate
@Document("plans")
@CompoundIndex(name = "patientId_1_createdAt_-1", def = "{'patientId': 1, 'createdAt': -1}")
public class TreatmentPlan {

    /** The no-shows since the plan (re)started that hold it for a clinician's review. */
    public static final int PAUSE_AFTER_MISSED = 2;
    /** How long a resumption's rationale may be. */
    public static final int RATIONALE_MAX = 2000;

    public enum Status {
        ACTIVE, PAUSED, COMPLETED
    }

    /**
     * A reason the plan is held for, since when, and for a safety escalation the escalations it was held for.
     */
    public record Hold(TreatmentPlanPaused.Reason reason, Instant since, List<String> escalationIds) {

        public Hold {
            escalationIds = escalationIds == null ? List.of() : List.copyOf(escalationIds);
        }
    }

    /**
     * A clinician resumed the plan: who, when, on which basis (responsible clinician, emergency access), the
     * reasons lifted and, after a severe adverse event, their rationale (kept here only, never published).
     */
    public record Resumption(String clinicianId, Instant at, String basis, List<TreatmentPlanPaused.Reason> lifted,
            String rationale) {
    }

    /**
     * A clinician resuming a plan, as the access check found them: whether they are the patient's responsible
     * clinician, the relationship access was granted on, and their rationale (may be null).
     */
    public record Resumer(String clinicianId, boolean responsibleClinician, String basis, String rationale) {
    }

    /** A resumption after a severe adverse event without a rationale: the request lacks a field. */
    public static final class RationaleRequired extends RuntimeException {

        RationaleRequired() {
            super("is required to resume after a severe adverse event (1 to " + RATIONALE_MAX + " characters)", null,
                    false, false);
        }
    }

    @Id
    String id;
    @Version
    Long version;
    String patientId;
    String consultationId;
    String programId;
    String clinicianId;
    int plannedSessions;
    Status status = Status.ACTIVE;
    int missedSinceResume;
    List<Integer> fulfilledSessions = new ArrayList<>();
    Instant createdAt;
    List<Hold> holds = new ArrayList<>();
    List<Resumption> resumptions = new ArrayList<>();
    /** How the plan ended, once it is COMPLETED. */
    TreatmentPlanCompleted.Closure closure;
    /** The clinician who ended the plan early. */
    String closedBy;

    TreatmentPlan() {
    }

    TreatmentPlan(String id) {
        this.id = id;
    }

    /** Whether the plan is new (not stored yet). */
    boolean isNew() {
        return version == null;
    }

    /**
     * Starts the plan as approved. A patient with a safety escalation still open gets it held for those
     * escalations from the start: no dosing session until a clinician reviewed them and resumed the plan.
     */
    List<CareEvent> start(EligibilityApproved approved, List<String> openEscalations, Instant now) {
        patientId = approved.patientId().toString();
        consultationId = approved.consultationId().toString();
        programId = approved.programId().toString();
        clinicianId = approved.clinicianId().toString();
        plannedSessions = approved.plannedSessions();
        createdAt = now;
        List<CareEvent> events = new ArrayList<>();
        events.add(new TreatmentPlanCreated(UUID.randomUUID(), approved.patientId(), now, UUID.fromString(id),
                approved.consultationId(), approved.programId(), approved.clinicianId(), approved.plannedSessions()));
        if (!openEscalations.isEmpty()) {
            events.addAll(hold(TreatmentPlanPaused.Reason.SAFETY_ESCALATION, openEscalations, now));
        }
        return events;
    }

    /** Whether this session's fulfilment is already counted. */
    boolean counted(int sessionNumber) {
        return fulfilledSessions.contains(sessionNumber);
    }

    /** A session took place: the plan completes once every planned session did. */
    List<CareEvent> fulfil(int sessionNumber, Instant now) {
        fulfilledSessions.add(sessionNumber);
        if (fulfilledSessions.size() < plannedSessions || status == Status.COMPLETED) {
            return List.of();
        }
        status = Status.COMPLETED;
        closure = TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED;
        return List.of(new TreatmentPlanCompleted(UUID.randomUUID(), UUID.fromString(patientId), now,
                UUID.fromString(id), TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED, fulfilledSessions.size(),
                plannedSessions, UUID.fromString(clinicianId)));
    }

    /**
     * Holds the plan for this reason (a rule decided it, no clinician): a reason it is not held for yet pauses it
     * and is announced; one it is already held for only adds the escalations. A completed plan stays as it is.
     */
    List<CareEvent> hold(TreatmentPlanPaused.Reason reason, List<String> escalationIds, Instant now) {
        if (status == Status.COMPLETED) {
            return List.of();
        }
        for (int i = 0; i < holds.size(); i++) {
            Hold held = holds.get(i);
            if (held.reason() == reason) {
                Set<String> ids = new LinkedHashSet<>(held.escalationIds());
                ids.addAll(escalationIds);
                holds.set(i, new Hold(reason, held.since(), List.copyOf(ids)));
                return List.of();
            }
        }
        holds.add(new Hold(reason, now, escalationIds));
        status = Status.PAUSED;
        return List.of(new TreatmentPlanPaused(UUID.randomUUID(), UUID.fromString(patientId), now,
                UUID.fromString(id), reason, null));
    }

    /** A no-show; the {@value #PAUSE_AFTER_MISSED}nd since the plan last (re)started holds it for review. */
    List<CareEvent> recordMissed(Instant now) {
        missedSinceResume++;
        return missedSinceResume >= PAUSE_AFTER_MISSED ? hold(TreatmentPlanPaused.Reason.MISSED_APPOINTMENTS,
                List.of(), now) : List.of();
    }

    /** A clinician's review referred the patient out: the plan ends (a completed plan stays as it is). */
    List<CareEvent> closeByClinician(UUID clinician, Instant now) {
        if (status == Status.COMPLETED) {
            return List.of();
        }
        status = Status.COMPLETED;
        closure = TreatmentPlanCompleted.Closure.CLOSED_BY_CLINICIAN;
        closedBy = clinician.toString();
        return List.of(new TreatmentPlanCompleted(UUID.randomUUID(), UUID.fromString(patientId), now,
                UUID.fromString(id), TreatmentPlanCompleted.Closure.CLOSED_BY_CLINICIAN, fulfilledSessions.size(),
                plannedSessions, clinician));
    }

    /**
     * Resumes a paused plan, lifting every reason it is held for: never while a safety escalation of the patient is
     * open; held for a safety escalation or a severe adverse event (or for a reason not recorded), only by the
     * responsible clinician, and after a severe adverse event only with a rationale; held only for missed
     * appointments, by an emergency access too.
     *
     * @throws Refusal           409 {@code plan-not-paused} or {@code safety-escalation-open}, 403
     *                           {@code responsible-clinician-required}
     * @throws RationaleRequired when a rationale is needed and missing
     */
    List<CareEvent> resume(Resumer who, boolean escalationOpen, Instant now) {
        if (status != Status.PAUSED) {
            throw Refusal.conflict("plan-not-paused", "Only a paused plan can be resumed.");
        }
        if (escalationOpen) {
            throw Refusal.conflict("safety-escalation-open",
                    "A safety escalation of the patient awaits a clinician's review; the plan cannot be resumed.");
        }
        List<TreatmentPlanPaused.Reason> reasons = holds.stream().map(Hold::reason).distinct().toList();
        boolean missedOnly = !reasons.isEmpty()
                && reasons.stream().allMatch(reason -> reason == TreatmentPlanPaused.Reason.MISSED_APPOINTMENTS);
        if (!missedOnly && !who.responsibleClinician()) {
            throw Refusal.forbidden("responsible-clinician-required",
                    "Only the patient's responsible clinician resumes a plan held for a safety escalation or a "
                            + "severe adverse event.");
        }
        String rationale = who.rationale() == null || who.rationale().isBlank() ? null : who.rationale();
        if (reasons.contains(TreatmentPlanPaused.Reason.SEVERE_ADVERSE_EVENT) && rationale == null) {
            throw new RationaleRequired();
        }
        resumptions.add(new Resumption(who.clinicianId(), now, who.basis(), reasons, rationale));
        holds = new ArrayList<>();
        status = Status.ACTIVE;
        missedSinceResume = 0;
        return List.of(new TreatmentPlanResumed(UUID.randomUUID(), UUID.fromString(patientId), now,
                UUID.fromString(id), UUID.fromString(who.clinicianId())));
    }

    public String id() {
        return id;
    }

    public String patientId() {
        return patientId;
    }

    public int plannedSessions() {
        return plannedSessions;
    }

    public Status status() {
        return status;
    }

    public int missedSinceResume() {
        return missedSinceResume;
    }

    public List<Integer> fulfilledSessions() {
        return List.copyOf(fulfilledSessions);
    }

    public List<Hold> holds() {
        return List.copyOf(holds);
    }

    public boolean heldFor(TreatmentPlanPaused.Reason reason) {
        return holds.stream().anyMatch(hold -> hold.reason() == reason);
    }

    public List<Resumption> resumptions() {
        return List.copyOf(resumptions);
    }

    /** Whether the plan ended before all its sessions took place (a clinician closed it, say). */
    public boolean endedEarly() {
        return status == Status.COMPLETED && closure != null
                && closure != TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED;
    }

    public TreatmentPlanCompleted.Closure closure() {
        return closure;
    }
}

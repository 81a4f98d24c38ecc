package care.scheduling.plan;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.intake.ConsultationRequested;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.EligibilityDeclined;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.scheduling.TreatmentPlanPaused;
import care.contracts.scheduling.TreatmentPlanResumed;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.SessionCompleted;
import care.kit.outbox.Outbox;
import care.kit.problem.ProblemException;

/**
 * Treatment plans and consultation tracks, created and advanced by intake's events and by the session
 * service's: completed sessions fulfil the plan, a severe adverse event or a safety escalation pauses it.
 * Ids derive from the consultation, so a redelivered or reordered event never creates a second plan.
 */
@Component
public class Plans {

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;

    Plans(MongoTemplate mongo, Outbox outbox, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
    }

    static String planId(UUID consultationId) {
        return UUID.nameUUIDFromBytes(("plan:" + consultationId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    void onApproved(EligibilityApproved approved) {
        String id = planId(approved.consultationId());
        if (mongo.findById(id, TreatmentPlan.class) == null) {
            TreatmentPlan plan = new TreatmentPlan();
            plan.id = id;
            plan.patientId = approved.patientId().toString();
            plan.consultationId = approved.consultationId().toString();
            plan.programId = approved.programId().toString();
            plan.clinicianId = approved.clinicianId().toString();
            plan.plannedSessions = approved.plannedSessions();
            plan.createdAt = clock.instant();
            outbox.save(plan, List.of(new TreatmentPlanCreated(UUID.randomUUID(), approved.patientId(), clock.instant(),
                    UUID.fromString(id), approved.consultationId(), approved.programId(), approved.clinicianId(),
                    approved.plannedSessions())));
        }
        track(approved.consultationId().toString(), approved.patientId().toString(), ConsultationTrack.Status.APPROVED);
    }

    void onRequested(ConsultationRequested requested) {
        track(requested.consultationId().toString(), requested.patientId().toString(), ConsultationTrack.Status.OPEN);
    }

    void onDeclined(EligibilityDeclined declined) {
        track(declined.consultationId().toString(), declined.patientId().toString(), ConsultationTrack.Status.DECLINED);
    }

    /** A decision is final: a late request event never reopens a decided track. */
    private void track(String consultationId, String patientId, ConsultationTrack.Status status) {
        ConsultationTrack track = mongo.findById(consultationId, ConsultationTrack.class);
        if (track == null) {
            track = new ConsultationTrack();
            track.id = consultationId;
            track.patientId = patientId;
        } else if (track.status != ConsultationTrack.Status.OPEN || status == ConsultationTrack.Status.OPEN) {
            return;
        }
        track.status = status;
        outbox.save(track, List.of());
    }

    /** Fulfilment reported by the session service: the plan completes with its last session. */
    void onSessionCompleted(SessionCompleted completed) {
        TreatmentPlan plan = mongo.findById(completed.planId().toString(), TreatmentPlan.class);
        if (plan == null || plan.fulfilledSessions.contains(completed.sessionNumber())) {
            return;
        }
        plan.fulfilledSessions.add(completed.sessionNumber());
        List<CareEvent> events = new ArrayList<>();
        if (plan.fulfilledSessions.size() >= plan.plannedSessions && plan.status != TreatmentPlan.Status.COMPLETED) {
            plan.status = TreatmentPlan.Status.COMPLETED;
            events.add(new TreatmentPlanCompleted(UUID.randomUUID(), completed.patientId(), clock.instant(),
                    UUID.fromString(plan.id), TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED,
                    plan.fulfilledSessions.size(), plan.plannedSessions, UUID.fromString(plan.clinicianId)));
        }
        outbox.save(plan, events);
    }

    /**
     * A severe adverse event pauses an active plan until a clinician resumes it; a milder one, a plan that
     * is already paused or completed, or an unknown plan leaves everything as it is.
     */
    void onAdverseEvent(AdverseEventReported reported) {
        if (reported.severity() != AdverseEventReported.Severity.SEVERE) {
            return;
        }
        TreatmentPlan plan = mongo.findById(reported.planId().toString(), TreatmentPlan.class);
        if (plan == null) {
            return;
        }
        // Saved even when nothing changes, so the event is recorded as handled: a redelivery after a
        // clinician resumed the plan must not pause it again.
        outbox.save(plan, plan.status == TreatmentPlan.Status.ACTIVE
                ? pause(plan, TreatmentPlanPaused.Reason.SEVERE_ADVERSE_EVENT) : List.of());
    }

    /**
     * A safety escalation (a suicide-risk review is needed) pauses the patient's current plan if it is
     * active, until a clinician resumes it: no further dosing session may take place before the review.
     * Coaching goes on. A patient without a plan, or whose plan is paused or completed, is left as is.
     */
    void onSafetyEscalation(SafetyEscalationRaised raised) {
        currentFor(raised.patientId().toString()).ifPresent(plan ->
                // Saved even when nothing changes, so the event is recorded as handled: a redelivery after
                // a clinician resumed the plan must not pause it again.
                outbox.save(plan, plan.status == TreatmentPlan.Status.ACTIVE
                        ? pause(plan, TreatmentPlanPaused.Reason.SAFETY_ESCALATION) : List.of()));
    }

    public Optional<TreatmentPlan> currentFor(String patientId) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("patientId").is(patientId))
                .with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(1), TreatmentPlan.class));
    }

    public Optional<TreatmentPlan> find(String planId) {
        return Optional.ofNullable(mongo.findById(planId, TreatmentPlan.class));
    }

    /** The consultation a patient has requested and that is not decided yet. */
    public Optional<String> openConsultation(String patientId) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("patientId").is(patientId).and("status")
                .is(ConsultationTrack.Status.OPEN)), ConsultationTrack.class)).map(track -> track.id);
    }

    /** A no-show; the second since the plan last (re)started pauses it for clinician review. */
    public int recordMissed(String planId, int pauseAfter) {
        int[] missed = new int[1];
        update(planId, plan -> {
            plan.missedSinceResume++;
            missed[0] = plan.missedSinceResume;
            if (plan.missedSinceResume >= pauseAfter && plan.status == TreatmentPlan.Status.ACTIVE) {
                return pause(plan, TreatmentPlanPaused.Reason.MISSED_APPOINTMENTS);
            }
            return List.of();
        });
        return missed[0];
    }

    /** Pauses an active plan by a rule (no clinician decided it) until a clinician resumes it. */
    private List<CareEvent> pause(TreatmentPlan plan, TreatmentPlanPaused.Reason reason) {
        plan.status = TreatmentPlan.Status.PAUSED;
        return List.of(new TreatmentPlanPaused(UUID.randomUUID(), UUID.fromString(plan.patientId), clock.instant(),
                UUID.fromString(plan.id), reason, null));
    }

    public TreatmentPlan resume(String planId, String clinicianId) {
        return update(planId, plan -> {
            if (plan.status != TreatmentPlan.Status.PAUSED) {
                throw ProblemException.conflict("plan-not-paused", "Only a paused plan can be resumed.");
            }
            plan.status = TreatmentPlan.Status.ACTIVE;
            plan.missedSinceResume = 0;
            return List.of(new TreatmentPlanResumed(UUID.randomUUID(), UUID.fromString(plan.patientId), clock.instant(),
                    UUID.fromString(plan.id), UUID.fromString(clinicianId)));
        });
    }

    private TreatmentPlan update(String planId, Function<TreatmentPlan, List<? extends CareEvent>> change) {
        return outbox.update(() -> find(planId).orElseThrow(() -> ProblemException.notFound("The treatment plan")),
                change);
    }

    Instant now() {
        return clock.instant();
    }
}

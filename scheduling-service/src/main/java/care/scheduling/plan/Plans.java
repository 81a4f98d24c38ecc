package care.scheduling.plan;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.intake.ConsultationRequested;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.EligibilityDeclined;
import care.contracts.intake.PatientRegistered;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.intake.SafetyEscalationResolved;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.scheduling.TreatmentPlanPaused;
import care.contracts.scheduling.TreatmentPlanResumed;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.SessionCompleted;
import care.kit.outbox.Outbox;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;

/**
 * Treatment plans and consultation tracks, created and advanced by intake's events and by the session
 * service's: completed sessions fulfil the plan; a severe adverse event, a safety escalation or missed
 * appointments hold it (pause it) until a clinician resumes it; a safety review that refers the patient out
 * ends it. Ids derive from the consultation, so a redelivered or reordered event never creates a second plan.
 * What is known of the patient beyond the plan (jurisdiction, open escalations) is a {@link PatientRecord}.
 */
@Component
public class Plans {

    /** How long a resumption's rationale may be. */
    public static final int RATIONALE_MAX = 2000;

    /**
     * A clinician resuming a plan, as the access check found them: whether they are the patient's responsible
     * clinician, the relationship access was granted on, and their rationale (may be null).
     */
    public record Resumer(String clinicianId, boolean responsibleClinician, String basis, String rationale) {
    }

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    Plans(MongoTemplate mongo, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
        // A patient's plans, newest first, and open consultation requests.
        mongo.indexOps(TreatmentPlan.class).createIndex(new Index().on("patientId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC));
        mongo.indexOps(ConsultationTrack.class).createIndex(new Index().on("patientId", Sort.Direction.ASC));
    }

    static String planId(UUID consultationId) {
        return UUID.nameUUIDFromBytes(("plan:" + consultationId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * Creates the plan. A patient with a safety escalation still open gets it held for that escalation from the
     * start: no dosing session until a clinician reviewed it and the responsible clinician resumed the plan.
     */
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
            List<CareEvent> events = new ArrayList<>();
            events.add(new TreatmentPlanCreated(UUID.randomUUID(), approved.patientId(), clock.instant(),
                    UUID.fromString(id), approved.consultationId(), approved.programId(), approved.clinicianId(),
                    approved.plannedSessions()));
            PatientRecord patient = recordOf(plan.patientId);
            if (patient.hasOpenEscalation()) {
                events.addAll(hold(plan, TreatmentPlanPaused.Reason.SAFETY_ESCALATION, patient.openEscalations));
            }
            outbox.save(plan, events);
        }
        track(approved.consultationId().toString(), approved.patientId().toString(), ConsultationTrack.Status.APPROVED);
    }

    void onRequested(ConsultationRequested requested) {
        learnJurisdiction(requested.patientId().toString(), requested.jurisdiction());
        track(requested.consultationId().toString(), requested.patientId().toString(), ConsultationTrack.Status.OPEN);
    }

    void onRegistered(PatientRegistered registered) {
        learnJurisdiction(registered.patientId().toString(), registered.jurisdiction());
    }

    /** The latest jurisdiction intake named for the patient (registration, consultation request) is theirs. */
    private void learnJurisdiction(String patientId, String jurisdiction) {
        PatientRecord record = recordOf(patientId);
        if (!jurisdiction.equals(record.jurisdiction)) {
            record.jurisdiction = jurisdiction;
            outbox.save(record, List.of());
        }
    }

    /** Where the patient receives care, once intake has told. */
    public Optional<String> jurisdictionOf(String patientId) {
        return Optional.ofNullable(mongo.findById(patientId, PatientRecord.class)).map(PatientRecord::jurisdiction);
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
            plan.closure = TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED;
            events.add(new TreatmentPlanCompleted(UUID.randomUUID(), completed.patientId(), clock.instant(),
                    UUID.fromString(plan.id), TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED,
                    plan.fulfilledSessions.size(), plan.plannedSessions, UUID.fromString(plan.clinicianId)));
        }
        outbox.save(plan, events);
    }

    /**
     * A severe adverse event holds the plan until its responsible clinician resumes it with a rationale; a
     * milder one, a completed plan or an unknown plan leaves everything as it is. A plan already held for
     * another reason is held for this one too (and TreatmentPlanPaused says so).
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
        // clinician resumed the plan must not hold it again.
        outbox.save(plan, plan.status == TreatmentPlan.Status.COMPLETED ? List.of()
                : hold(plan, TreatmentPlanPaused.Reason.SEVERE_ADVERSE_EVENT, List.of()));
    }

    /**
     * A safety escalation (a suicide-risk review is needed) is open until intake reports its review, whether or
     * not the patient has a plan yet. It holds the patient's current plan, unless completed: no further dosing
     * session may take place before the review, and no plan of the patient is resumed while any escalation is
     * open. Coaching goes on. An escalation already reviewed changes nothing.
     */
    void onSafetyEscalation(SafetyEscalationRaised raised) {
        String patientId = raised.patientId().toString();
        String escalation = raised.escalationId().toString();
        PatientRecord record = recordOf(patientId);
        if (!record.openEscalations.contains(escalation) && !record.resolvedEscalations.contains(escalation)) {
            record.openEscalations.add(escalation);
            outbox.save(record, List.of());
        }
        if (!record.openEscalations.contains(escalation)) {
            return;
        }
        currentFor(patientId).ifPresent(plan ->
                // Saved even when nothing changes, so the event is recorded as handled.
                outbox.save(plan, plan.status == TreatmentPlan.Status.COMPLETED ? List.of()
                        : hold(plan, TreatmentPlanPaused.Reason.SAFETY_ESCALATION, List.of(escalation))));
    }

    /**
     * A clinician reviewed a safety escalation: it is no longer open. CLEARED leaves the plan held until the
     * responsible clinician resumes it. REFERRED_OUT ends the current plan (TreatmentPlanCompleted,
     * CLOSED_BY_CLINICIAN, by the reviewing clinician).
     *
     * @return the plan a referral out ended (or found already completed): its future appointments are to be
     *         cancelled; empty otherwise
     */
    Optional<String> onSafetyEscalationResolved(SafetyEscalationResolved resolved) {
        String patientId = resolved.patientId().toString();
        String escalation = resolved.escalationId().toString();
        PatientRecord record = recordOf(patientId);
        if (!record.resolvedEscalations.contains(escalation)) {
            record.openEscalations.remove(escalation);
            record.resolvedEscalations.add(escalation);
            outbox.save(record, List.of());
        }
        if (resolved.outcome() != SafetyEscalationResolved.Outcome.REFERRED_OUT) {
            return Optional.empty();
        }
        return currentFor(patientId).map(current -> outbox.update(() -> find(current.id).orElseThrow(), plan -> {
            if (plan.status == TreatmentPlan.Status.COMPLETED) {
                return List.<CareEvent>of();
            }
            plan.status = TreatmentPlan.Status.COMPLETED;
            plan.closure = TreatmentPlanCompleted.Closure.CLOSED_BY_CLINICIAN;
            plan.closedBy = resolved.clinicianId().toString();
            return List.<CareEvent>of(new TreatmentPlanCompleted(UUID.randomUUID(), resolved.patientId(),
                    clock.instant(), UUID.fromString(plan.id), TreatmentPlanCompleted.Closure.CLOSED_BY_CLINICIAN,
                    plan.fulfilledSessions.size(), plan.plannedSessions, resolved.clinicianId()));
        }).id);
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

    /** A no-show; the second since the plan last (re)started holds it for clinician review. */
    public int recordMissed(String planId, int pauseAfter) {
        int[] missed = new int[1];
        update(planId, plan -> {
            plan.missedSinceResume++;
            missed[0] = plan.missedSinceResume;
            if (plan.missedSinceResume >= pauseAfter && plan.status != TreatmentPlan.Status.COMPLETED) {
                return hold(plan, TreatmentPlanPaused.Reason.MISSED_APPOINTMENTS, List.of());
            }
            return List.of();
        });
        return missed[0];
    }

    /**
     * Holds the plan for this reason (a rule decided it, no clinician): a reason it is not held for yet pauses
     * it and is announced; one it is already held for only adds the escalations.
     */
    private List<CareEvent> hold(TreatmentPlan plan, TreatmentPlanPaused.Reason reason, List<String> escalationIds) {
        for (int i = 0; i < plan.holds.size(); i++) {
            TreatmentPlan.Hold held = plan.holds.get(i);
            if (held.reason() == reason) {
                Set<String> ids = new LinkedHashSet<>(held.escalationIds());
                ids.addAll(escalationIds);
                plan.holds.set(i, new TreatmentPlan.Hold(reason, held.since(), List.copyOf(ids)));
                return List.of();
            }
        }
        plan.holds.add(new TreatmentPlan.Hold(reason, clock.instant(), escalationIds));
        plan.status = TreatmentPlan.Status.PAUSED;
        return List.of(new TreatmentPlanPaused(UUID.randomUUID(), UUID.fromString(plan.patientId), clock.instant(),
                UUID.fromString(plan.id), reason, null));
    }

    /**
     * Resumes a paused plan, lifting every reason it is held for, under the rules checked against the state it
     * is stored with: never while a safety escalation of the patient is open; held for a safety escalation or a
     * severe adverse event (or for a reason not recorded), only by the responsible clinician, and after a severe
     * adverse event only with a rationale; held only for missed appointments, by an emergency access too.
     *
     * @throws ProblemException 409 {@code plan-not-paused} or {@code safety-escalation-open}, 403
     *                          {@code responsible-clinician-required}, 400 for a missing rationale
     */
    public TreatmentPlan resume(String planId, Resumer who) {
        TreatmentPlan resumed = update(planId, plan -> {
            if (plan.status != TreatmentPlan.Status.PAUSED) {
                throw ProblemException.conflict("plan-not-paused", "Only a paused plan can be resumed.");
            }
            if (recordOf(plan.patientId).hasOpenEscalation()) {
                throw ProblemException.conflict("safety-escalation-open",
                        "A safety escalation of the patient awaits a clinician's review; the plan cannot be resumed.");
            }
            List<TreatmentPlanPaused.Reason> reasons = plan.holds.stream().map(TreatmentPlan.Hold::reason).distinct()
                    .toList();
            boolean missedOnly = !reasons.isEmpty()
                    && reasons.stream().allMatch(reason -> reason == TreatmentPlanPaused.Reason.MISSED_APPOINTMENTS);
            if (!missedOnly && !who.responsibleClinician()) {
                throw ProblemException.forbidden("responsible-clinician-required",
                        "Only the patient's responsible clinician resumes a plan held for a safety escalation or a "
                                + "severe adverse event.");
            }
            String rationale = who.rationale() == null || who.rationale().isBlank() ? null : who.rationale();
            if (reasons.contains(TreatmentPlanPaused.Reason.SEVERE_ADVERSE_EVENT) && rationale == null) {
                throw ProblemException.invalid(List.of(new FieldError("rationale",
                        "is required to resume after a severe adverse event (1 to " + RATIONALE_MAX + " characters)")));
            }
            plan.resumptions.add(new TreatmentPlan.Resumption(who.clinicianId(), clock.instant(), who.basis(), reasons,
                    rationale));
            plan.holds = new ArrayList<>();
            plan.status = TreatmentPlan.Status.ACTIVE;
            plan.missedSinceResume = 0;
            return List.of(new TreatmentPlanResumed(UUID.randomUUID(), UUID.fromString(plan.patientId), clock.instant(),
                    UUID.fromString(plan.id), UUID.fromString(who.clinicianId())));
        });
        List<TreatmentPlanPaused.Reason> lifted = resumed.resumptions.getLast().lifted();
        for (String reason : lifted.isEmpty() ? List.of("UNRECORDED") : lifted.stream().map(Enum::name).toList()) {
            Counter.builder("care.scheduling.plan.resumed").description("Paused plans resumed, by the reason lifted")
                    .tag("reason", reason).register(meters).increment();
        }
        return resumed;
    }

    private PatientRecord recordOf(String patientId) {
        PatientRecord record = mongo.findById(patientId, PatientRecord.class);
        if (record == null) {
            record = new PatientRecord();
            record.id = patientId;
        }
        return record;
    }

    private TreatmentPlan update(String planId, Function<TreatmentPlan, List<? extends CareEvent>> change) {
        return outbox.update(() -> find(planId).orElseThrow(() -> ProblemException.notFound("The treatment plan")),
                change);
    }

    Instant now() {
        return clock.instant();
    }
}

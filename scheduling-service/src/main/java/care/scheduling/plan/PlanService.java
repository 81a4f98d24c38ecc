package care.scheduling.plan;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.intake.ConsultationRequested;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.EligibilityDeclined;
import care.contracts.intake.PatientRegistered;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.intake.SafetyEscalationResolved;
import care.contracts.scheduling.TreatmentPlanPaused;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.SessionCompleted;
import care.kit.domain.DerivedIds;
import care.kit.domain.Refusal;
import care.kit.outbox.Outbox;

/**
 * Treatment plans and consultation tracks, created and advanced by intake's events and by the session
 * service's: completed sessions fulfil the plan; a severe adverse event, a safety escalation or missed
 * appointments hold it (pause it) until a clinician resumes it; a safety review that refers the patient out
 * ends it. Ids derive from the consultation, so a redelivered or reordered event never creates a second plan.
 * What is known of the patient beyond the plan (jurisdiction, open escalations) is a {@link PatientRecord}.
 * The rules are the {@link TreatmentPlan}'s; this loads, applies and saves through the outbox.
 */
@Component
public class PlanService {

    private final PlanQueries queries;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    PlanService(PlanQueries queries, Outbox outbox, Clock clock, MeterRegistry meters) {
        this.queries = queries;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
    }

    /** The plan of a consultation: {@code plan:<consultationId>}. */
    static String planId(UUID consultationId) {
        return DerivedIds.of("plan", consultationId).toString();
    }

    /**
     * Creates the plan (once: a redelivery finds it). A patient with a safety escalation still open gets it held
     * for that escalation from the start.
     */
    public void onApproved(EligibilityApproved approved) {
        String id = planId(approved.consultationId());
        String patientId = approved.patientId().toString();
        outbox.upsert(() -> queries.find(id), () -> new TreatmentPlan(id), plan -> plan.isNew()
                ? plan.start(approved, recordOf(patientId).openEscalations(), clock.instant()) : null);
        track(approved.consultationId().toString(), patientId, ConsultationTrack.Status.APPROVED);
    }

    public void onRequested(ConsultationRequested requested) {
        learnJurisdiction(requested.patientId().toString(), requested.jurisdiction());
        track(requested.consultationId().toString(), requested.patientId().toString(), ConsultationTrack.Status.OPEN);
    }

    public void onRegistered(PatientRegistered registered) {
        learnJurisdiction(registered.patientId().toString(), registered.jurisdiction());
    }

    public void onDeclined(EligibilityDeclined declined) {
        track(declined.consultationId().toString(), declined.patientId().toString(), ConsultationTrack.Status.DECLINED);
    }

    /** The latest jurisdiction intake named for the patient (registration, consultation request) is theirs. */
    private void learnJurisdiction(String patientId, String jurisdiction) {
        outbox.upsert(() -> queries.record(patientId), () -> PatientRecord.of(patientId),
                record -> record.learnJurisdiction(jurisdiction) ? List.of() : null);
    }

    /** A decision is final: a late request event never reopens a decided track. */
    private void track(String consultationId, String patientId, ConsultationTrack.Status status) {
        outbox.upsert(() -> queries.track(consultationId), () -> ConsultationTrack.of(consultationId, patientId),
                track -> track.moveTo(status) ? List.of() : null);
    }

    /** Fulfilment reported by the session service: the plan completes with its last session. */
    public void onSessionCompleted(SessionCompleted completed) {
        Optional<TreatmentPlan> found = queries.find(completed.planId().toString());
        if (found.isEmpty() || found.get().counted(completed.sessionNumber())) {
            return;
        }
        TreatmentPlan plan = found.get();
        outbox.save(plan, plan.fulfil(completed.sessionNumber(), clock.instant()));
    }

    /**
     * A severe adverse event holds the plan until its responsible clinician resumes it with a rationale; a
     * milder one, a completed plan or an unknown plan leaves everything as it is. A plan already held for
     * another reason is held for this one too (and TreatmentPlanPaused says so).
     */
    public void onAdverseEvent(AdverseEventReported reported) {
        if (reported.severity() != AdverseEventReported.Severity.SEVERE) {
            return;
        }
        // Saved even when nothing changes, so the event is recorded as handled: a redelivery after a
        // clinician resumed the plan must not hold it again.
        queries.find(reported.planId().toString()).ifPresent(plan -> outbox.save(plan,
                plan.hold(TreatmentPlanPaused.Reason.SEVERE_ADVERSE_EVENT, List.of(), clock.instant())));
    }

    /**
     * A safety escalation (a suicide-risk review is needed) is open until intake reports its review, whether or
     * not the patient has a plan yet. It holds the patient's current plan, unless completed: no further dosing
     * session may take place before the review, and no plan of the patient is resumed while any escalation is
     * open. Coaching goes on. An escalation already reviewed changes nothing.
     */
    public void onSafetyEscalation(SafetyEscalationRaised raised) {
        String patientId = raised.patientId().toString();
        String escalation = raised.escalationId().toString();
        PatientRecord record = outbox.upsert(() -> queries.record(patientId), () -> PatientRecord.of(patientId),
                known -> known.raise(escalation) ? List.of() : null);
        if (!record.isOpen(escalation)) {
            return;
        }
        queries.currentFor(patientId).ifPresent(plan ->
                // Saved even when nothing changes, so the event is recorded as handled.
                outbox.save(plan, plan.hold(TreatmentPlanPaused.Reason.SAFETY_ESCALATION, List.of(escalation),
                        clock.instant())));
    }

    /**
     * A clinician reviewed a safety escalation: it is no longer open. CLEARED leaves the plan held until the
     * responsible clinician resumes it. REFERRED_OUT ends the current plan (TreatmentPlanCompleted,
     * CLOSED_BY_CLINICIAN, by the reviewing clinician).
     *
     * @return the plan a referral out ended (or found already completed): its future appointments are to be
     *         cancelled; empty otherwise
     */
    public Optional<String> onSafetyEscalationResolved(SafetyEscalationResolved resolved) {
        String patientId = resolved.patientId().toString();
        String escalation = resolved.escalationId().toString();
        outbox.upsert(() -> queries.record(patientId), () -> PatientRecord.of(patientId),
                record -> record.resolve(escalation) ? List.of() : null);
        if (resolved.outcome() != SafetyEscalationResolved.Outcome.REFERRED_OUT) {
            return Optional.empty();
        }
        return queries.currentFor(patientId).map(current -> update(current.id(),
                plan -> plan.closeByClinician(resolved.clinicianId(), clock.instant())).id());
    }

    /** A no-show; the second since the plan last (re)started holds it for clinician review. */
    public void recordMissed(String planId) {
        update(planId, plan -> plan.recordMissed(clock.instant()));
    }

    /**
     * Resumes a paused plan under the plan's rules (see {@link TreatmentPlan#resume}), checked against the state it
     * is stored with.
     *
     * @throws Refusal                         409 {@code plan-not-paused} or {@code safety-escalation-open},
     *                                          403 {@code responsible-clinician-required}
     * @throws TreatmentPlan.RationaleRequired when the plan needs a rationale and has none (a 400)
     */
    public TreatmentPlan resume(String planId, TreatmentPlan.Resumer who) {
        TreatmentPlan resumed = update(planId, plan -> plan.resume(who,
                recordOf(plan.patientId()).hasOpenEscalation(), clock.instant()));
        List<TreatmentPlanPaused.Reason> lifted = resumed.resumptions().getLast().lifted();
        for (String reason : lifted.isEmpty() ? List.of("UNRECORDED") : lifted.stream().map(Enum::name).toList()) {
            Counter.builder("care.scheduling.plan.resumed").description("Paused plans resumed, by the reason lifted")
                    .tag("reason", reason).register(meters).increment();
        }
        return resumed;
    }

    private PatientRecord recordOf(String patientId) {
        return queries.record(patientId).orElseGet(() -> PatientRecord.of(patientId));
    }

    private TreatmentPlan update(String planId, Function<TreatmentPlan, List<? extends CareEvent>> change) {
        return outbox.update(() -> queries.find(planId).orElseThrow(() -> Refusal.notFound("The treatment plan")),
                change);
    }
}

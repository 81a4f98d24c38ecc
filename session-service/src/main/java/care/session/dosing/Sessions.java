package care.session.dosing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.AppointmentMissed;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.TreatmentPlanPaused;
import care.contracts.scheduling.TreatmentPlanResumed;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.MonitorCheckMissed;
import care.contracts.session.MonitorConcernRaised;
import care.contracts.session.SessionDeferred;
import care.kit.outbox.Outbox;
import care.kit.domain.Refusal;
import care.session.safety.SafetyPolicy;

/**
 * Dosing sessions: created and moved by scheduling's events, advanced by the patient, the monitor and the
 * supervising clinician under the {@link SafetyPolicy}. Every step is one read-check-write of the session
 * document with the events it causes.
 */
@Component
public class Sessions {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    /** Most sessions one timer pass raises missed checks for; the next pass takes the rest. */
    static final int TIMER_BATCH = 200;

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;
    private final SafetyPolicy policy;
    private final MeterRegistry meters;

    Sessions(MongoTemplate mongo, Outbox outbox, Clock clock, SafetyPolicy policy, MeterRegistry meters) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
        this.policy = policy;
        this.meters = meters;
    }

    SafetyPolicy policy() {
        return policy;
    }

    /** The time, to the millisecond the store keeps, so a response shows what a later read shows. */
    Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** A booked dosing session appointment creates its session once; another delivery of it changes nothing. */
    void onBooked(AppointmentBooked booked) {
        if (booked.kind() != AppointmentKind.DOSING_SESSION) {
            return;
        }
        String id = DosingSession.idFor(booked.appointmentId());
        outbox.upsert(() -> Optional.ofNullable(mongo.findById(id, DosingSession.class)),
                () -> DosingSession.scheduled(booked, clock.instant()),
                session -> session.version == null ? List.of() : null);
    }

    void onRescheduled(AppointmentRescheduled moved) {
        if (moved.kind() == AppointmentKind.DOSING_SESSION) {
            changeIfPresent(DosingSession.idFor(moved.appointmentId()), session -> {
                session.reschedule(moved.startsAt(), moved.endsAt(), moved.providerId().toString());
                return List.of();
            });
        }
    }

    void onCancelled(AppointmentCancelled cancelled) {
        if (cancelled.kind() == AppointmentKind.DOSING_SESSION) {
            changeIfPresent(DosingSession.idFor(cancelled.appointmentId()), session -> {
                session.close(DosingSession.Status.CANCELLED);
                return List.of();
            });
        }
    }

    void onMissed(AppointmentMissed missed) {
        if (missed.kind() == AppointmentKind.DOSING_SESSION) {
            changeIfPresent(DosingSession.idFor(missed.appointmentId()), session -> {
                session.close(DosingSession.Status.MISSED);
                return List.of();
            });
        }
    }

    void onPlanPaused(TreatmentPlanPaused paused) {
        hold(paused.planId().toString(), true, paused.occurredAt());
    }

    void onPlanResumed(TreatmentPlanResumed resumed) {
        hold(resumed.planId().toString(), false, resumed.occurredAt());
    }

    /** Applies the newest pause or resume only; an older one arriving late changes nothing. */
    private void hold(String planId, boolean paused, Instant at) {
        outbox.upsert(() -> Optional.ofNullable(mongo.findById(planId, PlanHold.class)), () -> PlanHold.of(planId),
                hold -> {
                    if (hold.changedAt == null || !at.isBefore(hold.changedAt)) {
                        hold.paused = paused;
                        hold.changedAt = at;
                    }
                    return List.of();
                });
    }

    public DosingSession get(String sessionId) {
        DosingSession session = mongo.findById(sessionId, DosingSession.class);
        if (session == null) {
            throw Refusal.notFound("The session");
        }
        return session;
    }

    /**
     * Applies a step to the session and stores it with its events (re-checked on a concurrent change).
     * Safety events are counted for operations, by kind and code only.
     */
    DosingSession change(String sessionId, Function<DosingSession, List<? extends CareEvent>> step) {
        return change(get(sessionId), step);
    }

    /** As {@link #change(String, Function)}, starting from a session the caller has just read. */
    DosingSession change(DosingSession loaded, Function<DosingSession, List<? extends CareEvent>> step) {
        List<CareEvent> stored = new java.util.ArrayList<>();
        boolean[] first = { true };
        DosingSession session = outbox.update(() -> {
            if (first[0]) {
                first[0] = false;
                return loaded;
            }
            return get(loaded.id);
        }, current -> {
            List<? extends CareEvent> events = step.apply(current);
            stored.clear();
            stored.addAll(events);
            return events;
        });
        stored.forEach(this::count);
        return session;
    }

    private void count(CareEvent event) {
        switch (event) {
            case MonitorCheckMissed missed -> meters.counter("care.session.monitor.checks.missed").increment();
            case MonitorConcernRaised concern -> meters.counter("care.session.monitor.concerns").increment();
            case AdverseEventReported adverse -> meters.counter("care.session.adverse.events", "severity",
                    adverse.severity().name(), "category", adverse.category().name()).increment();
            case SessionDeferred deferred -> meters.counter("care.session.deferred", "reason", deferred.reason().name())
                    .increment();
            default -> {
            }
        }
    }

    private void changeIfPresent(String sessionId, Function<DosingSession, List<? extends CareEvent>> step) {
        DosingSession session = mongo.findById(sessionId, DosingSession.class);
        if (session != null) {
            change(session, step);
        }
    }

    /**
     * Raises every monitor check missed by now. The deadline is stored in the session, so a restart loses
     * nothing; each check turns MISSED in the same versioned write as its event, so with several instances
     * polling, one write wins and the others find nothing left to raise.
     *
     * @return how many sessions had missed checks
     */
    int raiseMissedChecks() {
        Instant now = clock.instant();
        List<DosingSession> due = mongo.find(Query.query(Criteria.where("status").is(DosingSession.Status.IN_PROGRESS)
                .and("nextCheckDeadline").lt(now)).limit(TIMER_BATCH), DosingSession.class);
        int raised = 0;
        for (DosingSession candidate : due) {
            try {
                change(candidate, session -> session.raiseMissedChecks(now, policy));
                raised++;
            } catch (RuntimeException e) {
                log.warn("missed checks of session {} not raised yet ({}); next pass retries", candidate.id,
                        e.getClass().getSimpleName());
            }
        }
        return raised;
    }
}

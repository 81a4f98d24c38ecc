package care.integration.program;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.springframework.stereotype.Service;

import care.contracts.CareEvent;
import care.contracts.integration.OutcomeMeasured.Instrument;
import care.contracts.intake.CareTeamChanged;
import care.contracts.intake.ScreeningCompleted;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentCancelled;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.AppointmentMissed;
import care.contracts.scheduling.AppointmentRescheduled;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.session.SessionCompleted;
import care.integration.content.ContentQueries;
import care.integration.pathway.IntegrationPolicy;
import care.integration.pathway.ProgramRefusal;
import care.integration.program.CarePath.CoachingRecord;
import care.integration.program.CarePath.CoachingStatus;
import care.integration.program.CarePath.Measure;
import care.kit.outbox.Outbox;

/**
 * A patient's way through integration, driven by the other services' events and by the care team (whose coach is
 * the patient's coach). Each change loads the patient's {@link CarePath} (created on first contact), lets it decide
 * and saves it with the events it causes in one write through the outbox, which also records the event being
 * handled, so a redelivered event changes nothing.
 */
@Service
public class CarePaths {

    private final CarePathQueries queries;
    private final Outbox outbox;
    private final Clock clock;
    private final IntegrationPolicy policy;
    private final JournalPrompts prompts;
    private final ContentQueries content;
    private final ProgramMetrics metrics;

    CarePaths(CarePathQueries queries, Outbox outbox, Clock clock, IntegrationPolicy policy, JournalPrompts prompts,
            ContentQueries content, ProgramMetrics metrics) {
        this.queries = queries;
        this.outbox = outbox;
        this.clock = clock;
        this.policy = policy;
        this.prompts = prompts;
        this.content = content;
        this.metrics = metrics;
    }

    // ---- events from the other services ----

    void onScreening(ScreeningCompleted screening) {
        change(screening.patientId(), path -> path.recordScreening(screening, clock.instant()));
    }

    void onPlanCreated(TreatmentPlanCreated created) {
        change(created.patientId(), path -> path.startPlan(created, clock.instant()));
    }

    void onSessionCompleted(SessionCompleted completed) {
        List<String> promptIds = prompts.forSession(completed.sessionNumber()).stream()
                .map(JournalPrompts.Prompt::promptId).toList();
        change(completed.patientId(), path -> path.completeSession(completed, promptIds, policy, clock.instant()));
    }

    void onPlanCompleted(TreatmentPlanCompleted ended) {
        change(ended.patientId(), path -> path.endPlan(ended, clock.instant()));
    }

    void onAppointmentBooked(AppointmentBooked booked) {
        if (booked.kind() == AppointmentKind.INTEGRATION_COACHING) {
            change(booked.patientId(), path -> path.bookCoaching(booked));
        }
    }

    void onAppointmentRescheduled(AppointmentRescheduled moved) {
        if (moved.kind() == AppointmentKind.INTEGRATION_COACHING) {
            change(moved.patientId(), path -> path.rescheduleCoaching(moved.appointmentId().toString(),
                    moved.providerId().toString(), moved.startsAt(), moved.endsAt()));
        }
    }

    void onAppointmentCancelled(AppointmentCancelled cancelled) {
        if (cancelled.kind() == AppointmentKind.INTEGRATION_COACHING) {
            change(cancelled.patientId(), path -> path.closeCoaching(cancelled.appointmentId().toString(),
                    CoachingStatus.CANCELLED));
        }
    }

    void onAppointmentMissed(AppointmentMissed missed) {
        if (missed.kind() == AppointmentKind.INTEGRATION_COACHING) {
            change(missed.patientId(), path -> path.closeCoaching(missed.appointmentId().toString(),
                    CoachingStatus.MISSED));
        }
    }

    /**
     * The care team's coach becomes the patient's coach. A change that leaves the coach as it is, and a redelivered
     * change, write nothing (and a team without a coach creates no care path).
     */
    void onCareTeamChanged(CareTeamChanged changed) {
        String coachId = changed.members().stream().filter(member -> member.role() == CareTeamChanged.Role.COACH)
                .map(member -> member.staffId().toString()).findFirst().orElse(null);
        change(changed.patientId(), path -> path.assignCoach(coachId, changed.occurredAt()));
    }

    // ---- the care team's and the patient's actions ----

    /** Records the patient's questionnaire for the timepoint reached now (see {@link CarePath#submitMeasure}). */
    public Measure submitMeasure(String patientId, Instrument instrument, List<Integer> answers, String recordedBy) {
        CarePath saved = update(patientId, path -> path.submitMeasure(instrument, answers, recordedBy,
                policy.outcomes(), clock.instant()));
        return saved.program().orElseThrow().measures().getLast();
    }

    /**
     * Records a coaching session (see {@link CarePath#recordCoaching}); the content it recommends must be in the
     * library.
     */
    public CoachingRecord recordCoaching(String patientId, String appointmentId, String coachId, String notes,
            Integer durationMinutes, List<String> contentIds) {
        List<String> unknown = content.unknown(contentIds);
        if (!unknown.isEmpty()) {
            throw ProgramRefusal.UNKNOWN_CONTENT.refusal(
                    unknown.size() + " of the recommended items are not in the content library.");
        }
        CarePath saved = update(patientId, path -> path.recordCoaching(appointmentId, coachId, notes,
                durationMinutes, contentIds, clock.instant()));
        return saved.program().orElseThrow().coaching().getLast();
    }

    /** A change of a patient this service knows (404 otherwise), retried on fresh state when another write won. */
    private CarePath update(String patientId, Function<CarePath, List<CareEvent>> change) {
        AtomicReference<List<CareEvent>> written = new AtomicReference<>(List.of());
        CarePath saved = outbox.update(() -> queries.get(patientId), path -> {
            List<CareEvent> events = change.apply(path);
            written.set(events);
            return events;
        });
        metrics.count(written.get());
        return saved;
    }

    /** A change of the patient's path, created on first contact; {@code null} events: nothing to write. */
    private void change(UUID patientId, Function<CarePath, List<CareEvent>> change) {
        String id = patientId.toString();
        AtomicReference<List<CareEvent>> written = new AtomicReference<>(List.of());
        outbox.upsert(() -> queries.find(id), () -> new CarePath(id), path -> {
            List<CareEvent> events = change.apply(path);
            written.set(events == null ? List.of() : events);
            return events;
        });
        metrics.count(written.get());
    }
}

package care.notification.notice;

import java.time.Instant;

import org.springframework.stereotype.Service;

import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.integration.OutcomeMeasuresDue;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.session.SessionCompleted;
import care.kit.access.CareTeam;
import care.notification.policy.Timeliness;

/**
 * What the patient is asked or told along the program: the journaling nudge after a session, the outcome-measure
 * requests, and the notice of a plan that ended early (to the patient, and to the responsible clinician and the
 * coach). None goes when it is too late to be of use ({@link Timeliness#stale}).
 */
@Service
public class Nudges {

    private final NotificationRecords records;
    private final CareTeamMessages careTeam;
    private final Timeliness timeliness;

    Nudges(NotificationRecords records, CareTeamMessages careTeam, NotificationSettings settings) {
        this.records = records;
        this.careTeam = careTeam;
        this.timeliness = settings.timeliness();
    }

    void onSessionCompleted(SessionCompleted completed) {
        Instant now = records.now();
        Instant due = completed.occurredAt().plus(timeliness.journalingNudgeAfter());
        if (records.stale(due, now, Purpose.JOURNALING_NUDGE)) {
            return;
        }
        records.create(Notification.scheduled(Notification.idFor(Purpose.JOURNALING_NUDGE, completed.sessionId()),
                completed.patientId(), Purpose.JOURNALING_NUDGE, Recipient.PATIENT, completed.sessionId(),
                records.plannedChannel(completed.patientId()), false,
                timeliness.journalingNudgeDue(completed.occurredAt(), now), now));
        records.wake();
    }

    void onMeasuresDue(OutcomeMeasuresDue due) {
        Instant now = records.now();
        if (records.stale(due.occurredAt(), now, Purpose.OUTCOME_MEASURE_REQUEST)) {
            return;
        }
        records.create(Notification.scheduled(
                Notification.idFor(Purpose.OUTCOME_MEASURE_REQUEST, due.planId(), due.timepoint()), due.patientId(),
                Purpose.OUTCOME_MEASURE_REQUEST, Recipient.PATIENT, due.planId(),
                records.plannedChannel(due.patientId()), false, now, now));
        records.wake();
    }

    /**
     * A plan that ended before its last session (closed by a clinician, withdrawn by the patient): the patient is
     * told that there is an update (by their channels, under their rules), and the responsible clinician and the
     * coach at once. One notice each per plan.
     */
    void onPlanCompleted(TreatmentPlanCompleted completed) {
        if (completed.closure() == TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED) {
            return;
        }
        Instant now = records.now();
        if (records.stale(completed.occurredAt(), now, Purpose.PLAN_ENDED)) {
            return;
        }
        records.create(Notification.scheduled(Notification.idFor(Purpose.PLAN_ENDED, completed.planId()),
                completed.patientId(), Purpose.PLAN_ENDED, Recipient.PATIENT, completed.planId(),
                records.plannedChannel(completed.patientId()), false, now, now));
        CareTeam team = careTeam.careTeam(completed.patientId());
        careTeam.registered(team.responsibleClinician(), StaffRole.CLINICIAN).ifPresent(clinician -> careTeam.send(
                completed.patientId(), Purpose.PLAN_ENDED, Recipient.CLINICIAN, clinician, completed.planId(),
                completed.planId() + ":" + Recipient.CLINICIAN, now));
        careTeam.registered(team.coach(), StaffRole.COACH).ifPresent(coach -> careTeam.send(completed.patientId(),
                Purpose.PLAN_ENDED, Recipient.COACH, coach, completed.planId(),
                completed.planId() + ":" + Recipient.COACH, now));
        records.wake();
    }
}

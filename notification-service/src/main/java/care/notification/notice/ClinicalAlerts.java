package care.notification.notice;

import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Service;

import care.contracts.intake.EmergencyAccessGranted;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.MonitorCheckMissed;
import care.contracts.session.MonitorConcernRaised;

/**
 * The care team's alerts: a safety escalation, an emergency access, a missed monitor check or a concern, a severe
 * adverse event. Each goes at once, whatever the hour, once per thing it is about, unless it is too late to be of
 * use.
 */
@Service
public class ClinicalAlerts {

    private final NotificationRecords records;
    private final CareTeamMessages careTeam;

    ClinicalAlerts(NotificationRecords records, CareTeamMessages careTeam) {
        this.records = records;
        this.careTeam = careTeam;
    }

    /** To the responsible clinician of the patient's care team, or on call when the patient has none. */
    void onSafetyEscalation(SafetyEscalationRaised escalation) {
        alert(escalation.patientId(), Purpose.SAFETY_ESCALATION, careTeam.responsibleClinician(escalation.patientId()),
                escalation.escalationId(), escalation.escalationId(), escalation.occurredAt());
    }

    /**
     * A clinician outside the care team opened emergency access: the responsible clinician (or on call) is told at
     * once, once per grant. Who and why are in intake, behind sign-in.
     */
    void onEmergencyAccess(EmergencyAccessGranted granted) {
        alert(granted.patientId(), Purpose.EMERGENCY_ACCESS_OPENED, careTeam.responsibleClinician(granted.patientId()),
                granted.grantId(), granted.grantId(), granted.occurredAt());
    }

    void onMonitorCheckMissed(MonitorCheckMissed missed) {
        alert(missed.patientId(), Purpose.MONITOR_CHECK_ESCALATION, missed.clinicianId(), missed.sessionId(),
                missed.sessionId() + ":missed:" + missed.checkNumber(), missed.occurredAt());
    }

    void onMonitorConcern(MonitorConcernRaised concern) {
        alert(concern.patientId(), Purpose.MONITOR_CHECK_ESCALATION, concern.clinicianId(), concern.sessionId(),
                concern.sessionId() + ":concern:" + concern.eventId(), concern.occurredAt());
    }

    void onAdverseEvent(AdverseEventReported reported) {
        if (reported.severity() == AdverseEventReported.Severity.SEVERE) {
            alert(reported.patientId(), Purpose.SAFETY_ESCALATION, reported.clinicianId(), reported.sessionId(),
                    reported.adverseEventId(), reported.occurredAt());
        }
    }

    private void alert(UUID patientId, Purpose purpose, UUID clinicianId, UUID referenceId, Object key,
            Instant raisedAt) {
        Instant now = records.now();
        if (records.stale(raisedAt, now, purpose)) {
            return;
        }
        careTeam.send(patientId, purpose, Recipient.CLINICIAN, clinicianId, referenceId, key, now);
        records.wake();
    }
}

package care.notification.notice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.notification.Channel;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;
import care.kit.access.CareTeam;
import care.kit.access.PatientAccess;
import care.kit.access.StaffDirectory;

/**
 * Messages to a member of a patient's care team, as intake last published it ({@link PatientAccess#careTeam}) and
 * while the staff directory has the member registered for the role: they go at once, by every channel the member
 * (or, without a contact, the on-call service) can be reached on; without any address they wait, visible, until one
 * is set.
 */
@Component
class CareTeamMessages {

    private final NotificationRecords records;
    private final NotificationQueries queries;
    private final NotificationSettings settings;
    private final PatientAccess access;
    private final StaffDirectory staff;
    private final MeterRegistry meters;

    CareTeamMessages(NotificationRecords records, NotificationQueries queries, NotificationSettings settings,
            PatientAccess access, StaffDirectory staff, MeterRegistry meters) {
        this.records = records;
        this.queries = queries;
        this.settings = settings;
        this.access = access;
        this.staff = staff;
        this.meters = meters;
    }

    void send(UUID patientId, Purpose purpose, Recipient recipient, UUID staffId, UUID referenceId, Object key,
            Instant now) {
        ClinicianContact contact = staffId == null ? null : queries.clinicianContact(staffId).orElse(null);
        List<Channel> channels = new ArrayList<>();
        if (contact != null && contact.email != null || contact == null && settings.onCallEmail() != null) {
            channels.add(Channel.EMAIL);
        }
        if (contact != null && contact.phone != null || contact == null && settings.onCallPhone() != null) {
            channels.add(Channel.SMS);
        }
        if (channels.isEmpty()) {
            channels.add(Channel.EMAIL);
        }
        for (Channel channel : channels) {
            records.create(Notification.scheduled(Notification.idFor(purpose, key, channel), patientId, purpose,
                    recipient, referenceId, channel, true, now, now).toCareTeam(staffId, contact == null));
        }
        meters.counter("care.notification.alerts.raised", "purpose", purpose.name()).increment();
    }

    CareTeam careTeam(UUID patientId) {
        return access.careTeam(patientId.toString());
    }

    /** The patient's responsible clinician, while registered as a clinician; null: the on-call service. */
    UUID responsibleClinician(UUID patientId) {
        return registered(careTeam(patientId).responsibleClinician(), StaffRole.CLINICIAN).orElse(null);
    }

    /** The member, when the staff directory has them registered for the role (someone who left gets nothing). */
    Optional<UUID> registered(Optional<String> member, StaffRole role) {
        return member.filter(id -> staff.find(id).filter(entry -> entry.is(role)).isPresent()).map(UUID::fromString);
    }
}

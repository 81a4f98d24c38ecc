package care.notification.notice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;

/** The reads: notifications, patients' profiles and clinicians' contacts as stored, for the API and the senders. */
@Component
public class NotificationQueries {

    /** The reminders of an appointment (moved and cancelled with it); not the notices about the change. */
    private static final List<Purpose> APPOINTMENT_PURPOSES = List.of(Purpose.APPOINTMENT_REMINDER,
            Purpose.PREPARATION_REMINDER);

    private final MongoTemplate mongo;

    NotificationQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Optional<Notification> notification(UUID id) {
        return Optional.ofNullable(mongo.findById(id, Notification.class));
    }

    /** A patient's notifications, latest due first. */
    List<Notification> forPatient(UUID patientId) {
        return mongo.find(Query.query(Criteria.where("patientId").is(patientId)), Notification.class).stream()
                .sorted(Comparator.comparing((Notification n) -> n.dueAt).reversed())
                .map(Notification.class::cast).toList();
    }

    /** The reminders of an appointment and of its preparation. */
    List<Notification> forAppointment(UUID appointmentId) {
        return mongo.find(Query.query(Criteria.where("referenceId").is(appointmentId)), Notification.class)
                .stream().filter(n -> APPOINTMENT_PURPOSES.contains(n.purpose)).map(Notification.class::cast)
                .toList();
    }

    /** Clinicians' alerts not yet delivered, oldest first. */
    List<Notification> undeliveredAlerts() {
        return new ArrayList<>(mongo.find(Query.query(Criteria.where("recipient").is(Recipient.CLINICIAN)
                .and("status").in(Notification.Status.SCHEDULED, Notification.Status.SENDING))
                .with(Sort.by("dueAt")), Notification.class));
    }

    /** How many safety alerts wait undelivered (for the gauge). */
    long undeliveredSafetyAlerts() {
        return mongo.count(Query.query(Criteria.where("recipient").is(Recipient.CLINICIAN)
                .and("status").in(Notification.Status.SCHEDULED, Notification.Status.SENDING)
                .and("purpose").in(Purpose.SAFETY_ESCALATION, Purpose.MONITOR_CHECK_ESCALATION)),
                Notification.class);
    }

    /** What is due for sending at {@code now}, and what a sender that died left claimed, at most {@code batch} each. */
    List<Notification> dueOrAbandoned(Instant now, int batch) {
        List<Notification> due = new ArrayList<>(mongo.find(Query.query(Criteria.where("status")
                .is(Notification.Status.SCHEDULED).and("nextAttemptAt").lte(now))
                .with(Sort.by("nextAttemptAt")).limit(batch), Notification.class));
        due.addAll(mongo.find(Query.query(Criteria.where("status").is(Notification.Status.SENDING)
                .and("leaseUntil").lte(now)).limit(batch), Notification.class));
        return due;
    }

    Optional<PatientProfile> profile(UUID patientId) {
        return Optional.ofNullable(mongo.findById(patientId.toString(), PatientProfile.class));
    }

    /** The patients who have this number (normally one). */
    List<UUID> patientsWithPhone(String phone) {
        return mongo.find(Query.query(Criteria.where("phone").is(phone)), PatientProfile.class).stream()
                .map(p -> UUID.fromString(p.id)).toList();
    }

    Optional<ClinicianContact> clinicianContact(UUID staffId) {
        return Optional.ofNullable(mongo.findById(staffId.toString(), ClinicianContact.class));
    }
}

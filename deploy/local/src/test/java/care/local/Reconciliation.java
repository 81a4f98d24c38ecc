package care.local;

import static care.local.LocalPlatform.send;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the gateway accepted in a {@link FaultWorkload}, reconciled with what every service holds (read through the
 * API) and what every topic carries (read with a Kafka consumer, events counted by event id per aggregate): one row
 * per kind of effect with the requests accepted, the effects the services hold, the distinct events, and how many
 * were lost or duplicated. An event published twice with the same id (the outbox relay's at-least-once delivery,
 * which consumers ignore) is counted as redelivered, not duplicated.
 */
final class Reconciliation {

    /** One kind of effect. */
    record Row(String effect, int accepted, int held, int events, int lost, int duplicated, int redelivered,
            List<String> problems) {
    }

    /** An event as a topic carries it. */
    record Event(String id, String type, String patientId, JsonNode body) {
    }

    final String title;
    final List<Row> rows = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    private Reconciliation(String title) {
        this.title = title;
    }

    int lost() {
        return rows.stream().mapToInt(Row::lost).sum();
    }

    int duplicated() {
        return rows.stream().mapToInt(Row::duplicated).sum();
    }

    /** Reconciles until nothing is missing any more (what travels through Kafka may still be under way) or the limit. */
    static Reconciliation settle(LocalPlatform platform, MessageStandIns messages, FaultWorkload workload,
            Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Reconciliation result = of(platform, messages, workload);
        while (result.lost() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(3000);
            result = of(platform, messages, workload);
        }
        return result;
    }

    static Reconciliation of(LocalPlatform platform, MessageStandIns messages, FaultWorkload workload) throws Exception {
        Reconciliation r = new Reconciliation(workload.name());
        Set<String> patients = workload.patients.keySet();
        Map<String, List<Event>> events = new HashMap<>();
        int redeliveredTotal = 0;
        for (String topic : List.of("care.intake.events.v1", "care.scheduling.events.v1", "care.session.events.v1",
                "care.integration.events.v1", "care.notification.events.v1")) {
            for (ConsumerRecord<byte[], byte[]> record : platform.read(topic)) {
                if (record.key() == null || !patients.contains(new String(record.key()))
                        || record.headers().lastHeader("ce_type") == null) {
                    continue;
                }
                Event event = new Event(new String(record.headers().lastHeader("ce_id").value()),
                        new String(record.headers().lastHeader("ce_type").value()), new String(record.key()),
                        FaultWorkload.JSON.readTree(record.value()));
                events.computeIfAbsent(event.type(), type -> new ArrayList<>()).add(event);
            }
        }
        String gateway = platform.gateway;

        // Patients: every accepted registration held, with its event; nothing half-written for any patient tried.
        {
            Set<String> accepted = ids(workload.accepted("patient"));
            Map<String, Set<String>> registered = distinct(events, "care.intake.PatientRegistered.v1", "patientId");
            int held = 0;
            int lost = 0;
            List<String> problems = new ArrayList<>();
            for (String id : patients) {
                boolean holds = get(gateway + "/api/intake/patients/" + id, workload.patients.get(id).token()) == 200;
                held += holds ? 1 : 0;
                boolean event = registered.containsKey(id);
                if (accepted.contains(id) && (!holds || !event) || holds != event) {
                    lost++;
                    problems.add("patient " + id + " held " + holds + ", event " + event);
                }
            }
            r.row("patients registered", accepted.size(), held, registered, events, "care.intake.PatientRegistered.v1",
                    lost, problems);
        }
        // Approvals: one plan each in scheduling, one approval and one plan event each.
        {
            Set<String> accepted = ids(workload.accepted("approval"));
            Map<String, Set<String>> approvals = distinct(events, "care.intake.EligibilityApproved.v1", "patientId");
            Map<String, Set<String>> plans = distinct(events, "care.scheduling.TreatmentPlanCreated.v1", "patientId");
            int held = 0;
            int lost = 0;
            List<String> problems = new ArrayList<>();
            for (String id : accepted) {
                boolean holds = get(gateway + "/api/scheduling/patients/" + id + "/plan",
                        workload.patients.get(id).token()) == 200;
                held += holds ? 1 : 0;
                if (!holds || !plans.containsKey(id) || !approvals.containsKey(id)) {
                    lost++;
                    problems.add("approval of " + id + ": plan " + holds + ", events " + approvals.containsKey(id) + "/"
                            + plans.containsKey(id));
                }
            }
            int duplicated = duplicates(approvals, problems, "approval events") + duplicates(plans, problems, "plans");
            r.rows.add(new Row("approvals -> plans", accepted.size(), held, count(plans), lost, duplicated,
                    redelivered(events, "care.scheduling.TreatmentPlanCreated.v1")
                            + redelivered(events, "care.intake.EligibilityApproved.v1"), problems));
        }
        // Appointments: each accepted booking held once, one event each; one session each in the session service.
        Map<String, String> appointmentsOf = new HashMap<>();
        {
            List<FaultWorkload.Accepted> accepted = workload.accepted("appointment");
            Map<String, Set<String>> booked = distinct(events, "care.scheduling.AppointmentBooked.v1", "appointmentId");
            Map<String, Set<String>> bookedByPatient = distinct(events, "care.scheduling.AppointmentBooked.v1", "patientId");
            int held = 0;
            int lost = 0;
            int duplicated = 0;
            int sessionsHeld = 0;
            int sessionsLost = 0;
            int sessionsDuplicated = 0;
            List<String> problems = new ArrayList<>();
            List<String> sessionProblems = new ArrayList<>();
            Instant from = Instant.now().truncatedTo(ChronoUnit.DAYS);
            for (FaultWorkload.Accepted booking : accepted) {
                appointmentsOf.put(booking.patientId(), booking.id());
                String token = workload.patients.get(booking.patientId()).token();
                HttpResponse<String> list = send("GET", gateway + "/api/scheduling/appointments?patientId="
                        + booking.patientId() + "&from=" + from + "&to=" + from.plus(Duration.ofDays(31)), token, null);
                int listed = 0;
                int dosing = 0;
                for (JsonNode item : FaultWorkload.items(json(list))) {
                    listed += booking.id().equals(item.path("appointmentId").asText()) ? 1 : 0;
                    dosing += "DOSING_SESSION".equals(item.path("type").asText()) ? 1 : 0;
                }
                held += listed > 0 ? 1 : 0;
                if (listed == 0 || !booked.containsKey(booking.id())) {
                    lost++;
                    problems.add("appointment " + booking.id() + " listed " + listed + ", event " + booked.containsKey(booking.id()));
                }
                if (dosing > 1) {
                    duplicated++;
                    problems.add("patient " + booking.patientId() + " holds " + dosing + " dosing appointments");
                }
                HttpResponse<String> sessions = send("GET", gateway + "/api/sessions/patients/" + booking.patientId(),
                        token, null);
                int ofAppointment = 0;
                for (JsonNode item : FaultWorkload.items(json(sessions))) {
                    ofAppointment += booking.id().equals(item.path("appointmentId").asText()) ? 1 : 0;
                }
                sessionsHeld += Math.min(ofAppointment, 1);
                if (ofAppointment == 0) {
                    sessionsLost++;
                    sessionProblems.add("no session for appointment " + booking.id() + " (" + sessions.statusCode() + ")");
                } else if (ofAppointment > 1) {
                    sessionsDuplicated++;
                    sessionProblems.add(ofAppointment + " sessions for appointment " + booking.id());
                }
            }
            duplicated += duplicates(booked, problems, "booking events") + duplicates(bookedByPatient, problems,
                    "bookings of one patient");
            r.rows.add(new Row("appointments booked", accepted.size(), held, count(booked), lost, duplicated,
                    redelivered(events, "care.scheduling.AppointmentBooked.v1"), problems));
            r.rows.add(new Row("sessions (from bookings)", accepted.size(), sessionsHeld, -1, sessionsLost,
                    sessionsDuplicated, 0, sessionProblems));
        }
        // Completed sessions: held as completed, one completion event each, and one start of integration each.
        {
            List<FaultWorkload.Accepted> accepted = workload.accepted("session");
            Map<String, Set<String>> completions = distinct(events, "care.session.SessionCompleted.v1", "sessionId");
            Map<String, Set<String>> integration = distinct(events, "care.integration.IntegrationStarted.v1", "sessionId");
            int held = 0;
            int lost = 0;
            int outcomesHeld = 0;
            int outcomesLost = 0;
            List<String> problems = new ArrayList<>();
            List<String> outcomeProblems = new ArrayList<>();
            for (FaultWorkload.Accepted session : accepted) {
                String token = workload.patients.get(session.patientId()).token();
                boolean holds = send("GET", gateway + "/api/sessions/" + session.id(), token, null).body()
                        .contains("\"status\":\"COMPLETED\"");
                held += holds ? 1 : 0;
                if (!holds || !completions.containsKey(session.id())) {
                    lost++;
                    problems.add("session " + session.id() + " completed " + holds + ", event "
                            + completions.containsKey(session.id()));
                }
                boolean progress = send("GET", gateway + "/api/integration/patients/" + session.patientId() + "/progress",
                        token, null).body().contains("\"completedSessions\":1");
                outcomesHeld += progress ? 1 : 0;
                if (!progress || !integration.containsKey(session.id())) {
                    outcomesLost++;
                    outcomeProblems.add("after session " + session.id() + ": progress " + progress + ", event "
                            + integration.containsKey(session.id()));
                }
            }
            r.rows.add(new Row("sessions completed", accepted.size(), held, count(completions), lost,
                    duplicates(completions, problems, "completion events"),
                    redelivered(events, "care.session.SessionCompleted.v1"), problems));
            r.rows.add(new Row("integration started", accepted.size(), outcomesHeld, count(integration), outcomesLost,
                    duplicates(integration, outcomeProblems, "integration starts"),
                    redelivered(events, "care.integration.IntegrationStarted.v1"), outcomeProblems));
        }
        // Reminders: one per accepted booking, sent once; the stand-in took each once, and no phone got more texts
        // than the service sent it. A send is reported once (QUEUED or SENT), a delivery report once more (DELIVERED).
        {
            Map<String, Set<String>> sentEvents = new HashMap<>();
            Map<String, Set<String>> deliveredEvents = new HashMap<>();
            for (Event event : events.getOrDefault("care.notification.NotificationSent.v1", List.of())) {
                String notificationId = event.body().path("notificationId").asText();
                (("DELIVERED".equals(event.body().path("status").asText())) ? deliveredEvents : sentEvents)
                        .computeIfAbsent(notificationId, id -> new HashSet<>()).add(event.id());
            }
            int held = 0;
            int lost = 0;
            int duplicated = 0;
            int textsAtProvider = 0;
            int providerRequests = 0;
            List<String> problems = new ArrayList<>();
            for (String patientId : appointmentsOf.keySet()) {
                FaultWorkload.Patient patient = workload.patients.get(patientId);
                HttpResponse<String> list = send("GET", gateway + "/api/notifications/patients/" + patientId,
                        patient.token(), null);
                int reminders = 0;
                int textsSent = 0;
                boolean delivered = false;
                for (JsonNode item : FaultWorkload.items(json(list))) {
                    String status = item.path("status").asText();
                    boolean sent = status.equals("SENT") || status.equals("DELIVERED");
                    String id = item.path("notificationId").asText();
                    if (sent && "SMS".equals(item.path("channel").asText())) {
                        textsSent++;
                        if (!messages.accepted(MessageStandIns.Channel.SMS, id)) {
                            problems.add("notification " + id + " is " + status + " but the provider never took it");
                        }
                        providerRequests += messages.requests(MessageStandIns.Channel.SMS, id);
                    }
                    if ("APPOINTMENT_REMINDER".equals(item.path("kind").asText())) {
                        reminders++;
                        delivered = sent && sentEvents.containsKey(id)
                                && (!"SMS".equals(item.path("channel").asText())
                                        || messages.accepted(MessageStandIns.Channel.SMS, id));
                        if (!delivered) {
                            problems.add("reminder " + id + " " + status + " " + item.path("channel").asText()
                                    + " attempts " + item.path("attempts").asInt() + " " + item.path("lastFailure").asText());
                        }
                    }
                }
                int texts = messages.received(MessageStandIns.Channel.SMS, patient.phone()).size();
                textsAtProvider += texts;
                held += reminders == 1 && delivered ? 1 : 0;
                if (reminders == 0 || !delivered) {
                    lost++;
                }
                if (reminders > 1 || texts > textsSent) {
                    duplicated++;
                    problems.add("patient " + patientId + ": " + reminders + " reminders, " + texts + " texts received for "
                            + textsSent + " sent");
                }
            }
            duplicated += duplicates(sentEvents, problems, "send events") + duplicates(deliveredEvents, problems,
                    "delivery events");
            long reminderEvents = events.getOrDefault("care.notification.NotificationSent.v1", List.of()).stream()
                    .filter(event -> "APPOINTMENT_REMINDER".equals(event.body().path("purpose").asText())
                            && !"DELIVERED".equals(event.body().path("status").asText()))
                    .map(Event::id).distinct().count();
            r.rows.add(new Row("reminders sent", appointmentsOf.size(), held, (int) reminderEvents, lost, duplicated,
                    redelivered(events, "care.notification.NotificationSent.v1"), problems));
            r.notes.add(String.format(Locale.ROOT, "texts at the provider stand-in: %d received, %d provider requests "
                    + "for the sent ones (retries with the same Idempotency-Key included)", textsAtProvider,
                    providerRequests));
        }
        return r;
    }

    private void row(String effect, int accepted, int held, Map<String, Set<String>> byAggregate,
            Map<String, List<Event>> events, String type, int lost, List<String> problems) {
        rows.add(new Row(effect, accepted, held, count(byAggregate), lost, duplicates(byAggregate, problems, effect),
                redelivered(events, type), problems));
    }

    private static int get(String url, String token) throws Exception {
        return send("GET", url, token, null).statusCode();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        if (response.statusCode() != 200) {
            return FaultWorkload.JSON.createArrayNode();
        }
        return FaultWorkload.JSON.readTree(response.body());
    }

    private static Set<String> ids(List<FaultWorkload.Accepted> accepted) {
        Set<String> ids = new HashSet<>();
        accepted.forEach(a -> ids.add(a.id()));
        return ids;
    }

    /** Distinct event ids of this type by the value of {@code field} (an aggregate id). */
    private static Map<String, Set<String>> distinct(Map<String, List<Event>> events, String type, String field) {
        Map<String, Set<String>> byAggregate = new HashMap<>();
        for (Event event : events.getOrDefault(type, List.of())) {
            byAggregate.computeIfAbsent(event.body().path(field).asText(), id -> new HashSet<>()).add(event.id());
        }
        return byAggregate;
    }

    private static int count(Map<String, Set<String>> byAggregate) {
        return byAggregate.values().stream().mapToInt(Set::size).sum();
    }

    private static int duplicates(Map<String, Set<String>> byAggregate, List<String> problems, String what) {
        int duplicated = 0;
        for (var entry : byAggregate.entrySet()) {
            if (entry.getValue().size() > 1) {
                duplicated++;
                problems.add(what + ": " + entry.getValue().size() + " distinct events for " + entry.getKey());
            }
        }
        return duplicated;
    }

    /** Records of this type beyond one per event id. */
    private static int redelivered(Map<String, List<Event>> events, String type) {
        List<Event> all = events.getOrDefault(type, List.of());
        return all.size() - (int) all.stream().map(Event::id).distinct().count();
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nRECONCILIATION  %s%n", title));
        out.append(String.format(Locale.ROOT, "%-30s %9s %9s %9s %6s %11s %12s%n", "effect", "accepted", "held",
                "events", "lost", "duplicated", "redelivered"));
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "%-30s %9d %9d %9s %6d %11d %12d%n", row.effect(), row.accepted(),
                    row.held(), row.events() < 0 ? "-" : String.valueOf(row.events()), row.lost(), row.duplicated(),
                    row.redelivered()));
        }
        notes.forEach(note -> out.append("  ").append(note).append('\n'));
        rows.stream().flatMap(row -> row.problems().stream().limit(5))
                .forEach(problem -> out.append("  ! ").append(problem).append('\n'));
        return out.toString();
    }
}

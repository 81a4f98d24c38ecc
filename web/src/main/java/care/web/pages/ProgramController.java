package care.web.pages;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * "My program": the registration, the sessions 1..N of the treatment plan with their status (scheduling's
 * {@code GET /api/scheduling/patients/{id}/plan}, joined with the session service's
 * {@code GET /api/sessions/patients/{id}} for the preparation) and the next thing to do, derived from what intake,
 * scheduling and the session service answer: screen, consent, request a consultation, wait for the decision,
 * book, prepare, attend, reflect.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class ProgramController {

    record AppointmentRef(String appointmentId, String providerId, Instant start, Instant end) {
    }

    record PlanSession(int number, String status, AppointmentRef appointment) {
    }

    /** Scheduling's plan: ACTIVE, PAUSED, COMPLETED or ended early. */
    record Plan(String planId, String status, int plannedSessions, List<PlanSession> sessions) {
    }

    /** A session in the session service's list (no free text). */
    record DosingSession(String sessionId, String appointmentId, int sessionNumber, String status,
            Instant scheduledStart, boolean prepared, Instant completedAt) {
    }

    record Reflection(Instant submittedAt) {
    }

    /** The part of a whole session this page reads: whether the reflection is written. */
    record SessionDetail(String sessionId, Reflection reflection) {
    }

    /** One line of the program table. */
    record Row(int number, String status, Instant start, String when, String bookHref, String prepareHref,
            String monitorHref) {
    }

    /** What the patient does next: a sentence and, where the web app offers it, a link. */
    record NextStep(String text, String href, String linkText) {
    }

    private final GatewayClient gateway;
    private final PatientContext patient;

    ProgramController(GatewayClient gateway, PatientContext patient) {
        this.gateway = gateway;
        this.patient = patient;
    }

    @GetMapping("/program")
    String program(Model model) {
        Optional<HomeController.PatientRecord> registration = patient.registration();
        model.addAttribute("registration", registration.orElse(null));
        if (registration.isEmpty()) {
            model.addAttribute("next", new NextStep("Register, so the clinic can reach you.", "/register", "Register"));
            return "program";
        }
        ZoneId zone = PatientContext.zoneOf(registration);
        Optional<Plan> plan = optional(() -> gateway.get("/api/scheduling/patients/{id}/plan", Plan.class,
                patient.patientId()));
        List<DosingSession> sessions = plan.isEmpty() ? List.of() : optional(() -> List.of(gateway.get(
                "/api/sessions/patients/{id}", DosingSession[].class, patient.patientId()))).orElse(List.of());
        model.addAttribute("plan", plan.orElse(null));
        model.addAttribute("rows", plan.map(found -> rows(found, sessions, zone)).orElse(List.of()));
        model.addAttribute("next", plan.map(found -> next(found, sessions, zone)).orElseGet(this::beforePlan));
        return "program";
    }

    private static List<Row> rows(Plan plan, List<DosingSession> sessions, ZoneId zone) {
        boolean active = "ACTIVE".equals(plan.status());
        List<Row> rows = new ArrayList<>();
        for (PlanSession session : plan.sessions() == null ? List.<PlanSession>of() : plan.sessions()) {
            Instant start = session.appointment() == null ? null : session.appointment().start();
            Optional<DosingSession> dosing = current(sessions, session);
            String status = switch (session.status() == null ? "" : session.status()) {
                case "FULFILLED" -> "Done";
                case "MISSED" -> "Missed";
                case "SCHEDULED" -> dosing.map(found -> switch (found.status() == null ? "" : found.status()) {
                    case "IN_PROGRESS" -> "In progress";
                    case "COMPLETED" -> "Done";
                    default -> found.prepared() ? "Booked, prepared" : "Booked, preparation to do";
                }).orElse("Booked");
                default -> "Not booked yet";
            };
            String book = active && "UNSCHEDULED".equals(session.status()) ? "/book/" + session.number() : null;
            String prepare = dosing.filter(found -> "SCHEDULED".equals(found.status()))
                    .map(found -> "/sessions/" + found.sessionId() + "/preparation").orElse(null);
            String monitor = dosing.filter(found -> "IN_PROGRESS".equals(found.status()))
                    .map(found -> "/monitor/" + found.sessionId()).orElse(null);
            rows.add(new Row(session.number(), status, start, PatientContext.when(start, zone), book, prepare,
                    monitor));
        }
        return rows;
    }

    /** The session service's session for a booked session of the plan (same appointment). */
    private static Optional<DosingSession> current(List<DosingSession> sessions, PlanSession session) {
        if (session.appointment() == null) {
            return Optional.empty();
        }
        return sessions.stream().filter(dosing -> session.appointment().appointmentId() != null
                && session.appointment().appointmentId().equalsIgnoreCase(dosing.appointmentId())).findFirst();
    }

    private NextStep next(Plan plan, List<DosingSession> sessions, ZoneId zone) {
        if ("COMPLETED".equals(plan.status())) {
            return new NextStep("You have completed your program.", null, null);
        }
        if (!"ACTIVE".equals(plan.status()) && !"PAUSED".equals(plan.status())) {
            return new NextStep("Your program has ended. Your clinician will talk the next steps through with you.",
                    null, null);
        }
        Optional<DosingSession> inProgress = sessions.stream().filter(s -> "IN_PROGRESS".equals(s.status()))
                .findFirst();
        if (inProgress.isPresent()) {
            return new NextStep("Session " + inProgress.get().sessionNumber() + " is under way: stay where you "
                    + "prepared to be, with your monitor, until the clinician discharges you.",
                    "/monitor/" + inProgress.get().sessionId(), "Open the monitor's check-in page");
        }
        Optional<DosingSession> lastCompleted = sessions.stream().filter(s -> "COMPLETED".equals(s.status()))
                .max(Comparator.comparing(DosingSession::sessionNumber));
        if (lastCompleted.isPresent() && !reflected(lastCompleted.get())) {
            return new NextStep("Reflect on session " + lastCompleted.get().sessionNumber()
                    + ": write down how it went and how you feel.", "/reflections", "Write your reflection");
        }
        if ("PAUSED".equals(plan.status())) {
            return new NextStep("Your program is paused. No session can take place until your clinician resumes "
                    + "it; they will contact you.", null, null);
        }
        Optional<DosingSession> upcoming = sessions.stream().filter(s -> "SCHEDULED".equals(s.status()))
                .min(Comparator.comparing(DosingSession::sessionNumber));
        if (upcoming.isPresent()) {
            DosingSession session = upcoming.get();
            String when = PatientContext.when(session.scheduledStart(), zone);
            if (!session.prepared()) {
                return new NextStep("Prepare for session " + session.sessionNumber() + " on " + when + ".",
                        "/sessions/" + session.sessionId() + "/preparation", "Prepare for session "
                                + session.sessionNumber());
            }
            return new NextStep("Attend session " + session.sessionNumber() + " on " + when + ". You are prepared; "
                    + "take your blood pressure shortly before it starts.",
                    "/sessions/" + session.sessionId() + "/preparation", "See your preparation");
        }
        Optional<PlanSession> unbooked = plan.sessions() == null ? Optional.empty() : plan.sessions().stream()
                .filter(s -> "UNSCHEDULED".equals(s.status())).min(Comparator.comparing(PlanSession::number));
        if (unbooked.isPresent()) {
            int number = unbooked.get().number();
            return new NextStep("Book session " + number + ".", "/book/" + number, "Book session " + number);
        }
        return new NextStep("All your sessions are booked.", null, null);
    }

    private boolean reflected(DosingSession session) {
        return optional(() -> gateway.get("/api/sessions/{id}", SessionDetail.class, session.sessionId()))
                .map(detail -> detail.reflection() != null).orElse(true);
    }

    /** Before the plan: what intake's summary says is missing, or that a clinician is deciding. */
    private NextStep beforePlan() {
        Optional<ConsentController.Summary> found = optional(() -> gateway.get("/api/intake/patients/{id}/summary",
                ConsentController.Summary.class, patient.patientId()));
        if (found.isEmpty()) {
            return new NextStep("Answer the screening.", "/screening", "Answer the screening");
        }
        ConsentController.Summary summary = found.get();
        if (summary.referredOut()) {
            return new NextStep("A clinician has recommended other care for you; they will have talked it through "
                    + "with you.", null, null);
        }
        if (summary.escalations() != null && summary.escalations().stream().anyMatch(e -> "OPEN".equals(e.status()))) {
            return new NextStep("A clinician will review your screening answers and call you.", null, null);
        }
        if (summary.latestScreening() == null) {
            return new NextStep("Answer the screening.", "/screening", "Answer the screening");
        }
        boolean consented = summary.consents() != null && summary.consents().stream()
                .anyMatch(c -> "TREATMENT".equals(c.type()) && "ACTIVE".equals(c.status()));
        if (!consented) {
            return new NextStep("Give your consent to treatment.", "/consents", "Consents and consultation");
        }
        List<ConsentController.ConsultationSummary> consultations = summary.consultations() == null ? List.of()
                : summary.consultations();
        if (consultations.stream().anyMatch(c -> "REQUESTED".equals(c.status()))) {
            return new NextStep("Wait for the clinician's decision: a clinician reviews your screening and will "
                    + "contact you.", null, null);
        }
        if (consultations.stream().anyMatch(c -> "APPROVED".equals(c.status()))) {
            return new NextStep("A clinician has approved your program; your sessions appear here in a moment.",
                    null, null);
        }
        if (!consultations.isEmpty() && consultations.stream().allMatch(c -> "DECLINED".equals(c.status()))) {
            return new NextStep("A clinician has decided this program is not right for you now; they will have "
                    + "talked the reasons and other care through with you.", null, null);
        }
        return new NextStep("Request a consultation with a clinician.", "/consents", "Consents and consultation");
    }

    /** The answer, or empty when there is none yet (404) or the patient may not read it (403). */
    private static <T> Optional<T> optional(java.util.function.Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (ApiProblem problem) {
            if (problem.status() == 404 || problem.status() == 403) {
                return Optional.empty();
            }
            throw problem;
        }
    }
}

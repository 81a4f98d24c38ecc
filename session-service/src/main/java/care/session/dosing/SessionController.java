package care.session.dosing;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.session.AdverseEventReported;
import care.contracts.session.SessionDeferred;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;
import care.kit.security.Caller;
import care.kit.security.Role;
import care.session.dosing.SessionAccess.Action;
import care.session.dosing.SessionAccess.Party;
import care.session.safety.Reading;
import care.session.safety.Refusal;

/** Dosing sessions: preparation, vitals, the supervised session and the reflection. */
@RestController
class SessionController {

    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    record MonitorContact(@Size(max = 200) String name,
            @Pattern(regexp = "\\+?[0-9][0-9 ()-]{6,19}", message = "must be a phone number") String phone) {
    }

    record PreparationRequest(@Size(max = 2000) String intention, Boolean fastingConfirmed,
            @Valid MonitorContact monitor, Boolean noDriving, Boolean safeEnvironment) {
    }

    record VitalsRequest(@NotNull Reading.Phase phase, @NotNull @Min(40) @Max(300) Integer systolic,
            @NotNull @Min(20) @Max(200) Integer diastolic, @NotNull @Min(20) @Max(250) Integer heartRate) {
    }

    record CheckInRequest(@NotNull DosingSession.CheckInStatus status) {
    }

    record AdverseEventRequest(@NotNull AdverseEventReported.Severity severity,
            @NotNull AdverseEventReported.Category category, @NotBlank @Size(max = 4000) String description) {
    }

    record DeferRequest(@NotNull SessionDeferred.Reason reason) {
    }

    record ReflectionRequest(@NotBlank @Size(max = 5000) String text, @NotNull @Min(1) @Max(10) Integer mood) {
    }

    private final Sessions sessions;
    private final SessionAccess access;

    SessionController(Sessions sessions, SessionAccess access) {
        this.sessions = sessions;
        this.access = access;
    }

    @GetMapping("/api/sessions/patients/{patientId}")
    List<SessionViews.Summary> ofPatient(@PathVariable @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String patientId,
            @AuthenticationPrincipal Jwt token) {
        String patient = patientId.toLowerCase();
        Caller caller = access.checkPatient(token, patient);
        boolean seesAll = caller.isPatient(patient) || caller.has(Role.COORDINATOR);
        List<SessionViews.Summary> list = sessions.ofPatient(patient).stream()
                .filter(session -> seesAll || SessionAccess.supervises(caller, session))
                .map(SessionViews.Summary::of).toList();
        access.read(token, patient, "session.list");
        return list;
    }

    @GetMapping("/api/sessions/{sessionId}")
    SessionViews.Detail get(@PathVariable String sessionId, @AuthenticationPrincipal Jwt token) {
        DosingSession session = sessions.get(sessionId);
        access.check(token, session, Action.READ);
        access.read(token, session.patientId(), "session.read");
        return view(session);
    }

    @PutMapping("/api/sessions/{sessionId}/preparation")
    SessionViews.Detail prepare(@PathVariable String sessionId, @Valid @RequestBody PreparationRequest request,
            @AuthenticationPrincipal Jwt token) {
        DosingSession loaded = sessions.get(sessionId);
        access.check(token, loaded, Action.PREPARE);
        DosingSession.Preparation checklist = new DosingSession.Preparation();
        checklist.intention = trimmed(request.intention());
        checklist.fastingConfirmed = Boolean.TRUE.equals(request.fastingConfirmed());
        checklist.monitorName = request.monitor() == null ? null : trimmed(request.monitor().name());
        checklist.monitorPhone = request.monitor() == null ? null : trimmed(request.monitor().phone());
        checklist.noDriving = Boolean.TRUE.equals(request.noDriving());
        checklist.safeEnvironment = Boolean.TRUE.equals(request.safeEnvironment());
        return view(sessions.change(loaded, session -> session.prepare(checklist, sessions.now())));
    }

    @PostMapping("/api/sessions/{sessionId}/vitals")
    SessionViews.Detail vitals(@PathVariable String sessionId, @Valid @RequestBody VitalsRequest request,
            @AuthenticationPrincipal Jwt token) {
        if (request.diastolic() >= request.systolic()) {
            throw ProblemException.invalid(List.of(new FieldError("diastolic", "must be lower than systolic")));
        }
        DosingSession loaded = sessions.get(sessionId);
        Party party = access.check(token, loaded, Action.RECORD_VITALS);
        DosingSession.Source source = party == Party.PATIENT ? DosingSession.Source.PATIENT : DosingSession.Source.CLINICIAN;
        return view(sessions.change(loaded, session -> session.recordVitals(new Reading(request.phase(),
                request.systolic(), request.diastolic(), request.heartRate(), sessions.now()), source, sessions.policy())));
    }

    @PostMapping("/api/sessions/{sessionId}/start")
    SessionViews.Detail start(@PathVariable String sessionId, @AuthenticationPrincipal Jwt token) {
        DosingSession loaded = sessions.get(sessionId);
        access.check(token, loaded, Action.SUPERVISE);
        boolean paused = sessions.planPaused(loaded.planId);
        DosingSession after = sessions.change(loaded, session -> session.start(sessions.now(), sessions.policy(), paused));
        if (after.status() == DosingSession.Status.DEFERRED) {
            throw ProblemException.unprocessable(Refusal.BLOOD_PRESSURE_ABOVE_THRESHOLD.type(),
                    Refusal.BLOOD_PRESSURE_ABOVE_THRESHOLD.title(),
                    "The pre-dose reading is above the limit: the session is deferred, not started, and can be booked again.");
        }
        return view(after);
    }

    @PostMapping("/api/sessions/{sessionId}/defer")
    SessionViews.Detail defer(@PathVariable String sessionId, @Valid @RequestBody DeferRequest request,
            @AuthenticationPrincipal Jwt token) {
        if (request.reason() == SessionDeferred.Reason.BLOOD_PRESSURE_ABOVE_LIMIT) {
            throw ProblemException.invalid(List.of(new FieldError("reason",
                    "is set by the start when the pre-dose reading is above the limit")));
        }
        DosingSession loaded = sessions.get(sessionId);
        access.check(token, loaded, Action.SUPERVISE);
        return view(sessions.change(loaded, session -> session.defer(request.reason(), sessions.now())));
    }

    @PostMapping("/api/sessions/{sessionId}/monitor-checks")
    SessionViews.Detail checkIn(@PathVariable String sessionId, @Valid @RequestBody CheckInRequest request,
            @AuthenticationPrincipal Jwt token) {
        DosingSession loaded = sessions.get(sessionId);
        Party party = access.check(token, loaded, Action.CHECK_IN);
        DosingSession.Source source = party == Party.PATIENT ? DosingSession.Source.PATIENT : DosingSession.Source.CLINICIAN;
        return view(sessions.change(loaded, session -> session.checkIn(request.status(), source, sessions.now(),
                sessions.policy())));
    }

    @PostMapping("/api/sessions/{sessionId}/adverse-events")
    SessionViews.Detail adverseEvent(@PathVariable String sessionId, @Valid @RequestBody AdverseEventRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @AuthenticationPrincipal Jwt token) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 128)) {
            throw ProblemException.invalid(List.of(new FieldError("Idempotency-Key", "must be 1 to 128 characters")));
        }
        DosingSession loaded = sessions.get(sessionId);
        access.check(token, loaded, Action.SUPERVISE);
        String reporter = token.getSubject();
        return view(sessions.change(loaded, session -> session.reportAdverseEvent(request.severity(),
                request.category(), request.description().strip(), reporter, idempotencyKey, sessions.now())));
    }

    /** A clinician's worklist: the sessions they supervise, by scheduled start, in at most 31 days. */
    @GetMapping("/api/sessions")
    List<SessionViews.Summary> supervised(@RequestParam String providerId, @RequestParam Instant from,
            @RequestParam Instant to, @AuthenticationPrincipal Jwt token) {
        if (!to.isAfter(from) || java.time.Duration.between(from, to).compareTo(java.time.Duration.ofDays(31)) > 0) {
            throw ProblemException.invalid(List.of(new FieldError("to", "must be after from, at most 31 days later")));
        }
        Caller caller = Caller.from(token);
        boolean self = caller.has(Role.CLINICIAN) && providerId.equalsIgnoreCase(caller.subject());
        if (!self && !caller.has(Role.COORDINATOR)) {
            throw ProblemException.forbidden("forbidden", "A clinician sees the sessions they supervise.");
        }
        return sessions.supervisedBy(providerId.toLowerCase(), from, to).stream().map(SessionViews.Summary::of).toList();
    }

    @PostMapping("/api/sessions/{sessionId}/complete")
    SessionViews.Detail complete(@PathVariable String sessionId, @AuthenticationPrincipal Jwt token) {
        DosingSession loaded = sessions.get(sessionId);
        access.check(token, loaded, Action.SUPERVISE);
        return view(sessions.change(loaded, session -> session.complete(sessions.now(), sessions.policy())));
    }

    @PostMapping("/api/sessions/{sessionId}/reflection")
    SessionViews.Detail reflect(@PathVariable String sessionId, @Valid @RequestBody ReflectionRequest request,
            @AuthenticationPrincipal Jwt token) {
        DosingSession loaded = sessions.get(sessionId);
        access.check(token, loaded, Action.REFLECT);
        return view(sessions.change(loaded, session -> session.reflect(request.text().strip(), request.mood(),
                sessions.now())));
    }

    private SessionViews.Detail view(DosingSession session) {
        return SessionViews.Detail.of(session, sessions.policy(), sessions.planPaused(session.planId));
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

}

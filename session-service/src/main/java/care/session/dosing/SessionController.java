package care.session.dosing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.CareEvent;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.session.AdverseEventReported;
import care.contracts.session.SessionDeferred;
import care.kit.access.AccessCheck;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;
import care.kit.access.Relationship;
import care.kit.domain.Refusal;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;
import care.kit.security.Caller;
import care.kit.security.Role;
import care.kit.web.IdempotencyKey;
import care.session.safety.Reading;
import care.session.safety.SafetyRefusal;

/**
 * Dosing sessions: preparation, vitals, the supervised session and the reflection. Every request about a
 * patient's sessions is decided by {@link PatientAccess} before anything is read or changed; the supervising
 * clinician is the session's provider, its {@link Relationship#BOOKED_PROVIDER} while registered as a clinician.
 */
@RestController
class SessionController {

    static final String WORKLIST = "session.worklist.read";

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
    private final SessionQueries queries;
    private final PatientAccess access;

    SessionController(Sessions sessions, SessionQueries queries, PatientAccess access) {
        this.sessions = sessions;
        this.queries = queries;
        this.access = access;
    }

    /**
     * The patient's sessions. A clinician who only supervises some of them (their booked provider, not on the
     * care team) sees those.
     */
    @GetMapping("/api/sessions/patients/{patientId}")
    @Allowed(permission = Permission.SESSION_LIST,
            note = "a supervising clinician off the care team sees the sessions they supervise")
    List<SessionViews.Summary> ofPatient(@PathVariable UUID patientId, @AuthenticationPrincipal Jwt token) {
        String patient = patientId.toString();
        List<DosingSession> all = queries.ofPatient(patient);
        AccessCheck check = access.check(token, patient, Permission.SESSION_LIST, "session.list");
        all.forEach(session -> check.bookedProvider(session.providerId(), StaffRole.CLINICIAN));
        AccessDecision decision = check.require();
        boolean seesAll = decision.relationships().stream().anyMatch(relationship ->
                relationship != Relationship.BOOKED_PROVIDER && Permission.SESSION_LIST.allows(relationship));
        return all.stream().filter(session -> seesAll || session.providerId().equalsIgnoreCase(decision.caller().subject()))
                .map(SessionViews.Summary::of).toList();
    }

    @GetMapping("/api/sessions/{sessionId}")
    @Allowed(permission = Permission.SESSION_READ)
    SessionViews.Detail get(@PathVariable String sessionId, @AuthenticationPrincipal Jwt token) {
        DosingSession session = sessions.get(sessionId);
        require(token, session, Permission.SESSION_READ, "session.read");
        return view(session);
    }

    @PutMapping("/api/sessions/{sessionId}/preparation")
    @Allowed(permission = Permission.SESSION_PREPARE)
    SessionViews.Detail prepare(@PathVariable String sessionId, @Valid @RequestBody PreparationRequest request,
            @AuthenticationPrincipal Jwt token) {
        DosingSession loaded = sessions.get(sessionId);
        AccessDecision decision = require(token, loaded, Permission.SESSION_PREPARE, "session.prepare");
        Preparation checklist = new Preparation();
        checklist.intention = trimmed(request.intention());
        checklist.fastingConfirmed = Boolean.TRUE.equals(request.fastingConfirmed());
        checklist.monitorName = request.monitor() == null ? null : trimmed(request.monitor().name());
        checklist.monitorPhone = request.monitor() == null ? null : trimmed(request.monitor().phone());
        checklist.noDriving = Boolean.TRUE.equals(request.noDriving());
        checklist.safeEnvironment = Boolean.TRUE.equals(request.safeEnvironment());
        return view(change(loaded, decision, session -> session.prepare(checklist, sessions.now())));
    }

    @PostMapping("/api/sessions/{sessionId}/vitals")
    @Allowed(permission = Permission.SESSION_RECORD)
    SessionViews.Detail vitals(@PathVariable String sessionId, @Valid @RequestBody VitalsRequest request,
            @AuthenticationPrincipal Jwt token) {
        if (request.diastolic() >= request.systolic()) {
            throw ProblemException.invalid(List.of(new FieldError("diastolic", "must be lower than systolic")));
        }
        DosingSession loaded = sessions.get(sessionId);
        AccessDecision decision = require(token, loaded, Permission.SESSION_RECORD, "session.vitals.record");
        DosingSession.Source source = source(decision);
        return view(change(loaded, decision, session -> session.recordVitals(new Reading(request.phase(),
                request.systolic(), request.diastolic(), request.heartRate(), sessions.now()), source, sessions.policy())));
    }

    @PostMapping("/api/sessions/{sessionId}/start")
    @Allowed(permission = Permission.SESSION_SUPERVISE)
    SessionViews.Detail start(@PathVariable String sessionId, @AuthenticationPrincipal Jwt token) {
        DosingSession loaded = sessions.get(sessionId);
        AccessDecision decision = require(token, loaded, Permission.SESSION_SUPERVISE, "session.start");
        boolean paused = queries.planPaused(loaded.planId);
        DosingSession after = change(loaded, decision, session -> session.start(sessions.now(), sessions.policy(), paused));
        if (after.status() == DosingSession.Status.DEFERRED) {
            throw Refusal.rule(SafetyRefusal.BLOOD_PRESSURE_ABOVE_THRESHOLD,
                    "The pre-dose reading is above the limit: the session is deferred, not started, and can be booked again.");
        }
        return view(after);
    }

    @PostMapping("/api/sessions/{sessionId}/defer")
    @Allowed(permission = Permission.SESSION_SUPERVISE)
    SessionViews.Detail defer(@PathVariable String sessionId, @Valid @RequestBody DeferRequest request,
            @AuthenticationPrincipal Jwt token) {
        if (request.reason() == SessionDeferred.Reason.BLOOD_PRESSURE_ABOVE_LIMIT) {
            throw ProblemException.invalid(List.of(new FieldError("reason",
                    "is set by the start when the pre-dose reading is above the limit")));
        }
        DosingSession loaded = sessions.get(sessionId);
        AccessDecision decision = require(token, loaded, Permission.SESSION_SUPERVISE, "session.defer");
        return view(change(loaded, decision, session -> session.defer(request.reason(), sessions.now())));
    }

    @PostMapping("/api/sessions/{sessionId}/monitor-checks")
    @Allowed(permission = Permission.SESSION_RECORD)
    SessionViews.Detail checkIn(@PathVariable String sessionId, @Valid @RequestBody CheckInRequest request,
            @AuthenticationPrincipal Jwt token) {
        DosingSession loaded = sessions.get(sessionId);
        AccessDecision decision = require(token, loaded, Permission.SESSION_RECORD, "session.monitor-check.record");
        DosingSession.Source source = source(decision);
        return view(change(loaded, decision, session -> session.checkIn(request.status(), source, sessions.now(),
                sessions.policy())));
    }

    @PostMapping("/api/sessions/{sessionId}/adverse-events")
    @Allowed(permission = Permission.SESSION_SUPERVISE)
    SessionViews.Detail adverseEvent(@PathVariable String sessionId, @Valid @RequestBody AdverseEventRequest request,
            IdempotencyKey idempotencyKey, @AuthenticationPrincipal Jwt token) {
        DosingSession loaded = sessions.get(sessionId);
        AccessDecision decision = require(token, loaded, Permission.SESSION_SUPERVISE, "session.adverse-event.report");
        String reporter = token.getSubject();
        return view(change(loaded, decision, session -> session.reportAdverseEvent(request.severity(),
                request.category(), request.description().strip(), reporter, IdempotencyKey.valueOf(idempotencyKey),
                sessions.now())));
    }

    /**
     * A clinician's worklist: the sessions they supervise, by scheduled start, in at most 31 days. For the
     * clinician themself (registered) or a coordinator; the access to each listed patient is recorded.
     */
    @GetMapping("/api/sessions")
    @Allowed(roles = { Role.CLINICIAN, Role.COORDINATOR }, permission = Permission.SESSION_LIST,
            note = "the registered clinician themself or a coordinator; each listed patient's access decided and "
                    + "recorded")
    List<SessionViews.Summary> supervised(
            @RequestParam UUID providerId, @RequestParam Instant from, @RequestParam Instant to, @AuthenticationPrincipal Jwt token) {
        if (!to.isAfter(from) || java.time.Duration.between(from, to).compareTo(java.time.Duration.ofDays(31)) > 0) {
            throw ProblemException.invalid(List.of(new FieldError("to", "must be after from, at most 31 days later")));
        }
        String provider = providerId.toString();
        Caller caller = access.requireSelfOrCoordinator(token, provider, WORKLIST, StaffRole.CLINICIAN);
        return access.visible(queries.supervisedBy(provider, from, to), DosingSession::patientId,
                session -> access.check(caller, session.patientId(), Permission.SESSION_LIST, WORKLIST)
                        .bookedProvider(provider, StaffRole.CLINICIAN))
                .stream().map(SessionViews.Summary::of).toList();
    }

    @PostMapping("/api/sessions/{sessionId}/complete")
    @Allowed(permission = Permission.SESSION_SUPERVISE)
    SessionViews.Detail complete(@PathVariable String sessionId, @AuthenticationPrincipal Jwt token) {
        DosingSession loaded = sessions.get(sessionId);
        AccessDecision decision = require(token, loaded, Permission.SESSION_SUPERVISE, "session.complete");
        return view(change(loaded, decision, session -> session.complete(sessions.now(), sessions.policy())));
    }

    @PostMapping("/api/sessions/{sessionId}/reflection")
    @Allowed(permission = Permission.REFLECTION_WRITE)
    SessionViews.Detail reflect(@PathVariable String sessionId, @Valid @RequestBody ReflectionRequest request,
            @AuthenticationPrincipal Jwt token) {
        DosingSession loaded = sessions.get(sessionId);
        AccessDecision decision = require(token, loaded, Permission.REFLECTION_WRITE, "session.reflection.write");
        return view(change(loaded, decision, session -> session.reflect(request.text().strip(), request.mood(),
                sessions.now())));
    }

    /** Decides (and records) the caller's access to the session; 404 for another patient, 403 otherwise. */
    private AccessDecision require(Jwt token, DosingSession session, Permission permission, String action) {
        return access.check(token, session.patientId(), permission, action).resource("The session", session.id())
                .bookedProvider(session.providerId(), StaffRole.CLINICIAN).require();
    }

    /**
     * Applies a step the caller was allowed to take. A session moved to another clinician since the check (its
     * appointment rescheduled meanwhile) is no longer the caller's to supervise: the step is refused.
     */
    DosingSession change(DosingSession loaded, AccessDecision decision,
            Function<DosingSession, List<? extends CareEvent>> step) {
        return sessions.change(loaded, session -> {
            if (decision.basis() == Relationship.BOOKED_PROVIDER
                    && !session.providerId().equalsIgnoreCase(loaded.providerId())) {
                throw Refusal.conflict("session-moved",
                        "The session moved to another clinician meanwhile: it is theirs to supervise now.");
            }
            return step.apply(session);
        });
    }

    /** Who recorded a reading or a check-in: the patient (their monitor, their home cuff) or the clinician. */
    private static DosingSession.Source source(AccessDecision decision) {
        return decision.basis() == Relationship.PATIENT ? DosingSession.Source.PATIENT : DosingSession.Source.CLINICIAN;
    }

    private SessionViews.Detail view(DosingSession session) {
        return SessionViews.Detail.of(session, sessions.policy(), queries.planPaused(session.planId));
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

}

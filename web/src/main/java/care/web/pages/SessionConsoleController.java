package care.web.pages;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import care.web.security.AccessTokens;
import care.web.security.CareUser;
import care.web.security.SignInRequired;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The session console of the supervising clinician: preparation, vitals (entry and table), the monitor checks with
 * their live due or missed state, adverse events, and the start, deferral and discharge, each through the Session
 * API. A refusal of a safety gate (422) or a field the API refused (400) is shown on the console as the API words
 * it. The checks and alerts part ({@code /console/{id}/live}) is polled by htmx every few seconds while the session
 * is in progress; it answers 204 when nothing it shows has changed, so nothing is announced twice.
 * <p>
 * The forms check themselves ({@link VitalsForm}, {@link AdverseEventForm}); {@link SessionConsoleView} builds
 * what the pages show.
 */
@Controller
@PreAuthorize("hasAnyRole('CLINICIAN', 'COORDINATOR')")
class SessionConsoleController {

    static final Pattern UUID_FORMAT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final Map<String, String> DEFERRAL_REASONS = deferralReasons();

    /** A session of the clinician's list, as {@code GET /api/sessions} answers it. */
    record SessionSummary(String sessionId, String appointmentId, int sessionNumber, String status,
            Instant scheduledStart, Instant scheduledEnd, boolean prepared) {

        public String statusLabel() {
            return SessionView.statusLabel(status);
        }
    }

    private final GatewayClient gateway;
    private final AccessTokens tokens;
    private final SessionConsoleView view;

    SessionConsoleController(GatewayClient gateway, AccessTokens tokens, SessionConsoleView view) {
        this.gateway = gateway;
        this.tokens = tokens;
        this.view = view;
    }

    /** The clinician's sessions of the last 12 hours and the next 24, and a look-up by session or appointment id. */
    @GetMapping("/console")
    String index(Model model) {
        return index(model, null, null);
    }

    @PostMapping("/console/lookup")
    String lookup(@RequestParam(defaultValue = "") String id, Model model, HttpServletResponse response) {
        String wanted = id.strip();
        if (!UUID_FORMAT.matcher(wanted).matches()) {
            response.setStatus(400);
            return index(model, wanted, new ApiProblem(400, null, null, "Enter a session or appointment id.",
                    List.of(new ApiProblem.FieldMessage("id", "Enter the id as it is shown, such as "
                            + "3f2a9c1e-5b7d-4e0a-9c8b-1d2e3f4a5b6c."))));
        }
        String lower = wanted.toLowerCase(java.util.Locale.ROOT);
        for (String candidate : List.of(lower, sessionIdOfAppointment(lower))) {
            try {
                gateway.get("/api/sessions/{id}", SessionView.class, candidate);
                return "redirect:/console/" + candidate;
            } catch (ApiProblem problem) {
                if (problem.status() != 404) {
                    throw problem;
                }
            }
        }
        response.setStatus(404);
        return index(model, wanted, new ApiProblem(404, null, null, "No session has this id.",
                List.of(new ApiProblem.FieldMessage("id", "No session or appointment has this id."))));
    }

    @GetMapping("/console/{sessionId}")
    String console(@PathVariable UUID sessionId, Model model) {
        return show(sessionId.toString(), model, null, null, null);
    }

    /** The checks and alerts part alone, for htmx; 204 when it shows what the browser has ({@code seen}). */
    @GetMapping("/console/{sessionId}/live")
    ModelAndView live(@PathVariable UUID sessionId, @RequestParam(required = false) String seen, Model model,
            HttpServletResponse response) {
        SessionView session = gateway.get("/api/sessions/{id}", SessionView.class, sessionId.toString());
        view.addLive(model, session);
        if (seen != null && seen.equals(model.getAttribute("fingerprint"))) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return new ModelAndView((View) (ignored, request, nothing) -> {
            });
        }
        return new ModelAndView("session-console :: update", model.asMap());
    }

    @PostMapping("/console/{sessionId}/vitals")
    String vitals(@PathVariable UUID sessionId, @RequestParam(defaultValue = "") String phase,
            @RequestParam(defaultValue = "") String systolic, @RequestParam(defaultValue = "") String diastolic,
            @RequestParam(defaultValue = "") String heartRate, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        VitalsForm form = VitalsForm.typed(phase, systolic, diastolic, heartRate);
        List<ApiProblem.FieldMessage> wrong = form.mistakes();
        if (!wrong.isEmpty()) {
            response.setStatus(400);
            return show(sessionId.toString(), model, new ApiProblem(400, null, null,
                    "The reading could not be recorded: see the fields below.", wrong), form, null);
        }
        Map<String, Object> body = form.body();
        try {
            gateway.post("/api/sessions/{id}/vitals", body, Map.class, sessionId.toString());
        } catch (ApiProblem problem) {
            return refused(sessionId, problem, model, response, form, null);
        }
        redirect.addFlashAttribute("notice", SessionView.phaseLabel(phase) + " reading recorded: "
                + body.get("systolic") + "/" + body.get("diastolic") + " mmHg, " + body.get("heartRate")
                + " beats per minute.");
        return "redirect:/console/" + sessionId;
    }

    @PostMapping("/console/{sessionId}/start")
    String start(@PathVariable UUID sessionId, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        return step(sessionId, "/api/sessions/{id}/start", Map.of(), "The session is started. The monitor checks "
                + "are scheduled.", model, response, redirect);
    }

    @PostMapping("/console/{sessionId}/defer")
    String defer(@PathVariable UUID sessionId, @RequestParam(defaultValue = "") String reason, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        if (!DEFERRAL_REASONS.containsKey(reason)) {
            response.setStatus(400);
            return show(sessionId.toString(), model, new ApiProblem(400, null, null, "Choose why the session is deferred.",
                    List.of(new ApiProblem.FieldMessage("reason", "Choose a reason."))), null, null);
        }
        return step(sessionId, "/api/sessions/{id}/defer", Map.of("reason", reason), "The session is deferred.",
                model, response, redirect);
    }

    @PostMapping("/console/{sessionId}/check-in")
    String checkIn(@PathVariable UUID sessionId, @RequestParam(defaultValue = "") String status, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        if (!List.of("OK", "CONCERN").contains(status)) {
            response.setStatus(400);
            return show(sessionId.toString(), model, new ApiProblem(400, null, null, "Choose OK or concern.",
                    List.of()), null, null);
        }
        return step(sessionId, "/api/sessions/{id}/monitor-checks", Map.of("status", status),
                "OK".equals(status) ? "The check-in is recorded: OK." : "The concern is recorded.", model, response,
                redirect);
    }

    @PostMapping("/console/{sessionId}/adverse-events")
    String adverseEvent(@PathVariable UUID sessionId, @RequestParam(defaultValue = "") String severity,
            @RequestParam(defaultValue = "") String category, @RequestParam(defaultValue = "") String description,
            @RequestParam(defaultValue = "") String attempt, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        // One key per attempt (the form carries it), so a resubmitted report is recorded once.
        AdverseEventForm form = AdverseEventForm.typed(severity, category, description, attempt);
        List<ApiProblem.FieldMessage> wrong = form.mistakes();
        if (!wrong.isEmpty()) {
            response.setStatus(400);
            return show(sessionId.toString(), model, new ApiProblem(400, null, null,
                    "The adverse event could not be reported: see the fields below.", wrong), null, form);
        }
        try {
            gateway.post("/api/sessions/{id}/adverse-events", form.body(), Map.of("Idempotency-Key", form.attempt()),
                    Map.class,
                    sessionId.toString());
        } catch (ApiProblem problem) {
            return refused(sessionId, problem, model, response, null, form);
        }
        redirect.addFlashAttribute("notice", "The adverse event is reported" + ("SEVERE".equals(severity)
                ? ": a severe event pauses the treatment plan until a clinician resumes it." : "."));
        return "redirect:/console/" + sessionId;
    }

    @PostMapping("/console/{sessionId}/discharge")
    String discharge(@PathVariable UUID sessionId, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        return step(sessionId, "/api/sessions/{id}/complete", Map.of(), "The patient is discharged.", model,
                response, redirect);
    }

    private String step(UUID sessionId, String path, Map<String, ?> body, String notice, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        try {
            gateway.post(path, body, Map.class, sessionId.toString());
        } catch (ApiProblem problem) {
            return refused(sessionId, problem, model, response, null, null);
        }
        redirect.addFlashAttribute("notice", notice);
        return "redirect:/console/" + sessionId;
    }

    /** A refusal the clinician can act on is shown on the console; anything else on the problem page. */
    private String refused(UUID sessionId, ApiProblem problem, Model model, HttpServletResponse response,
            VitalsForm vitals, AdverseEventForm adverseEvent) {
        if (problem.status() != 400 && problem.status() != 409 && problem.status() != 422) {
            throw problem;
        }
        response.setStatus(problem.status());
        return show(sessionId.toString(), model, problem, vitals, adverseEvent);
    }

    private String show(String sessionId, Model model, ApiProblem problem, VitalsForm vitals,
            AdverseEventForm adverseEvent) {
        SessionView session = gateway.get("/api/sessions/{id}", SessionView.class, sessionId);
        view.addConsole(model, session, problem, vitals, adverseEvent, signedIn().has(CareUser.Role.CLINICIAN));
        return "session-console";
    }

    private String index(Model model, String id, ApiProblem problem) {
        CareUser user = signedIn();
        model.addAttribute("lookupId", id);
        model.addAttribute("problem", problem);
        model.addAttribute("times", new SessionTimes(view.zone()));
        model.addAttribute("sessions", null);
        model.addAttribute("listProblem", null);
        if (user.has(CareUser.Role.CLINICIAN) && UUID_FORMAT.matcher(user.subject()).matches()) {
            Instant now = view.now();
            try {
                model.addAttribute("sessions", gateway.get("/api/sessions?providerId={provider}&from={from}&to={to}",
                        SessionSummary[].class, user.subject(), now.minus(Duration.ofHours(12)),
                        now.plus(Duration.ofHours(24))));
            } catch (ApiProblem refused) {
                if (refused.status() != 403 && refused.status() != 400) {
                    throw refused;
                }
                model.addAttribute("listProblem", refused);
            }
        }
        return "session-console-index";
    }

    private CareUser signedIn() {
        CareUser user = tokens.currentUser();
        if (user == null) {
            throw new SignInRequired();
        }
        return user;
    }

    /** The session service derives a session's id from its appointment's id (see docs/api/session.md). */
    static String sessionIdOfAppointment(String appointmentId) {
        return UUID.nameUUIDFromBytes(("session:" + appointmentId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    private static Map<String, String> deferralReasons() {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("PATIENT_UNWELL", "The patient is unwell");
        reasons.put("MONITOR_UNAVAILABLE", "The monitor is not available");
        reasons.put("PREPARATION_INCOMPLETE", "The preparation is not complete");
        reasons.put("CLINICIAN_DECISION", "Clinician's decision");
        return java.util.Collections.unmodifiableMap(reasons);
    }
}

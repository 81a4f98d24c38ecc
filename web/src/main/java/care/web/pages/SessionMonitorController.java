package care.web.pages;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import care.web.security.AccessTokens;
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
 * The monitor's view during a session, on the patient's sign-in (the Session API records check-ins from the
 * patient's side for their monitor): "OK" and "I have a concern" ({@code POST /api/sessions/{id}/monitor-checks}),
 * when the next check is due, and how to reach the clinic (its on-call text from configuration: the API gives no
 * clinician's number). {@code /monitor} lists the patient's sessions and opens the one in progress. While the session
 * is scheduled or in progress, htmx asks {@code /monitor/{id}/live} every few seconds for the part that changes
 * (the next check, a missed one); without JavaScript a reload shows the same.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class SessionMonitorController {

    private final GatewayClient gateway;
    private final AccessTokens tokens;
    private final OnCallProperties onCall;

    SessionMonitorController(GatewayClient gateway, AccessTokens tokens, OnCallProperties onCall) {
        this.gateway = gateway;
        this.tokens = tokens;
        this.onCall = onCall;
    }

    @GetMapping("/monitor")
    String sessions(Model model) {
        String patientId = PatientContext.patientId(tokens);
        SessionConsoleController.SessionSummary[] sessions = gateway.get("/api/sessions/patients/{id}",
                SessionConsoleController.SessionSummary[].class, patientId);
        model.addAttribute("sessions", sessions == null ? List.of() : List.of(sessions));
        model.addAttribute("times", new SessionTimes(zone(patientId)));
        return "session-monitor-list";
    }

    @GetMapping("/monitor/{sessionId}")
    String view(@PathVariable UUID sessionId, Model model) {
        return show(sessionId, model, null);
    }

    /**
     * The changing part alone, for htmx: 204 when it shows what the browser has ({@code seen}); when the session's
     * status changed since the page was drawn ({@code status}), the whole page is reloaded, so that the check-in
     * buttons appear or go.
     */
    @GetMapping("/monitor/{sessionId}/live")
    ModelAndView live(@PathVariable UUID sessionId, @RequestParam(required = false) String seen,
            @RequestParam(required = false) String status, Model model, HttpServletResponse response) {
        String patientId = PatientContext.patientId(tokens);
        SessionView session = gateway.get("/api/sessions/{id}", SessionView.class, sessionId.toString());
        if (status != null && !status.equals(session.status())) {
            response.setHeader("HX-Refresh", "true");
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return nothing();
        }
        addLive(model, session);
        if (seen != null && seen.equals(model.getAttribute("fingerprint"))) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return nothing();
        }
        model.addAttribute("times", new SessionTimes(zone(patientId)));
        return new ModelAndView("session-monitor :: live", model.asMap());
    }

    private static ModelAndView nothing() {
        return new ModelAndView((View) (ignored, request, response) -> {
        });
    }

    @PostMapping("/monitor/{sessionId}/check-in")
    String checkIn(@PathVariable UUID sessionId, @RequestParam(defaultValue = "") String status, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        if (!List.of("OK", "CONCERN").contains(status)) {
            response.setStatus(400);
            return show(sessionId, model, new ApiProblem(400, null, null,
                    "Choose \"OK\" or \"I have a concern\".", List.of()));
        }
        try {
            gateway.post("/api/sessions/{id}/monitor-checks", Map.of("status", status), Map.class,
                    sessionId.toString());
        } catch (ApiProblem problem) {
            if (problem.status() != 400 && problem.status() != 409 && problem.status() != 422) {
                throw problem;
            }
            response.setStatus(problem.status());
            return show(sessionId, model, problem);
        }
        if ("CONCERN".equals(status)) {
            redirect.addFlashAttribute("concernSent", true);
        } else {
            redirect.addFlashAttribute("notice", "Thank you: your check-in is recorded.");
        }
        return "redirect:/monitor/" + sessionId;
    }

    private String show(UUID sessionId, Model model, ApiProblem problem) {
        String patientId = PatientContext.patientId(tokens);
        SessionView session = gateway.get("/api/sessions/{id}", SessionView.class, sessionId.toString());
        model.addAttribute("problem", problem);
        addLive(model, session);
        model.addAttribute("times", new SessionTimes(zone(patientId)));
        model.addAttribute("onCall", onCall.text());
        return "session-monitor";
    }

    /** What the live part shows: the next check, the checks missed or overdue, and whether to keep asking. */
    private static void addLive(Model model, SessionView session) {
        List<SessionView.CheckRow> rows = session.checkRows(Instant.now());
        model.addAttribute("dosing", session);
        model.addAttribute("nextCheck", session.nextCheck().orElse(null));
        model.addAttribute("missedChecks", rows.stream().filter(SessionView.CheckRow::alert)
                .filter(row -> !"CHECKED_IN".equals(row.check().state())).toList());
        model.addAttribute("polling", session.inProgress() || session.scheduled());
        model.addAttribute("fingerprint", SessionView.fingerprint(session.status(), rows, 0, 0));
    }

    /** The patient's time zone as registered; UTC when it cannot be read. */
    private ZoneId zone(String patientId) {
        try {
            HomeController.PatientRecord registration = gateway.get("/api/intake/patients/{id}",
                    HomeController.PatientRecord.class, patientId);
            return registration == null || registration.timeZone() == null ? ZoneOffset.UTC
                    : ZoneId.of(registration.timeZone());
        } catch (ApiProblem | java.time.DateTimeException unknown) {
            return ZoneOffset.UTC;
        }
    }

}

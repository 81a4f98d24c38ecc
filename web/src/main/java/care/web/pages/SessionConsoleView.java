package care.web.pages;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import care.web.gateway.ApiProblem;
import jakarta.servlet.http.Cookie;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What the session console pages show of a session: the whole console ({@code session-console}) and its checks
 * and alerts part, which htmx polls, with the fingerprint that tells whether anything shown has changed. Times are
 * written in the browser's zone (the cookie the worklist sets), else the clinic's, so that an alert that arrives by
 * polling reads like the rest of the page.
 */
@Component
class SessionConsoleView {

    private final Clock clock;
    private final ZoneId clinicZone;

    SessionConsoleView(@Value("${care.web.clinic-time-zone:UTC}") String clinicZone) {
        this.clock = Clock.systemUTC();
        this.clinicZone = PatientContext.zone(clinicZone).orElse(ZoneOffset.UTC);
    }

    Instant now() {
        return clock.instant();
    }

    /** The zone the console writes times in: the browser's, else the clinic's. */
    ZoneId zone() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getRequest().getCookies() != null) {
            for (Cookie cookie : attributes.getRequest().getCookies()) {
                if (WorklistController.TIME_ZONE_COOKIE.equals(cookie.getName())) {
                    return PatientContext.zone(cookie.getValue()).orElse(clinicZone);
                }
            }
        }
        return clinicZone;
    }

    /** The whole console: the session, the forms (as typed, or empty), the choices, and the live part. */
    void addConsole(Model model, SessionView session, ApiProblem problem, VitalsForm vitals,
            AdverseEventForm adverseEvent, boolean canSupervise) {
        model.addAttribute("problem", problem);
        model.addAttribute("vitalsForm", vitals == null ? VitalsForm.blank(session) : vitals);
        model.addAttribute("adverseEventForm", adverseEvent == null ? AdverseEventForm.blank() : adverseEvent);
        model.addAttribute("categories", AdverseEventForm.CATEGORIES);
        model.addAttribute("severities", AdverseEventForm.SEVERITIES);
        model.addAttribute("deferralReasons", SessionConsoleController.DEFERRAL_REASONS);
        model.addAttribute("canSupervise", canSupervise);
        addLive(model, session);
    }

    /** The checks and alerts part, and its {@code fingerprint}. */
    void addLive(Model model, SessionView session) {
        Instant now = clock.instant();
        List<SessionView.CheckRow> rows = session.checkRows(now);
        List<SessionView.CheckIn> concerns = session.concerns();
        model.addAttribute("dosing", session);
        model.addAttribute("times", new SessionTimes(zone()));
        model.addAttribute("checkRows", rows);
        model.addAttribute("concerns", concerns);
        model.addAttribute("alerts", rows.stream().filter(SessionView.CheckRow::alert)
                .filter(row -> !"CHECKED_IN".equals(row.check().state())).toList());
        model.addAttribute("nextCheck", session.nextCheck().orElse(null));
        model.addAttribute("liveSummary", summary(session, rows, zone()));
        model.addAttribute("polling", session.inProgress());
        model.addAttribute("fingerprint", SessionView.fingerprint(session.status(), rows, concerns.size(),
                session.adverseEvents().size()));
    }

    /** One sentence on the checks for the polite live region, e.g. "2 of 4 checks done, 1 missed; next due at 14:45 UTC." */
    private static String summary(SessionView session, List<SessionView.CheckRow> rows, ZoneId zone) {
        if (rows.isEmpty()) {
            return session.scheduled() ? "The monitor checks are scheduled when the session starts." : "No monitor checks.";
        }
        long done = rows.stream().filter(row -> "CHECKED_IN".equals(row.check().state())).count();
        long missed = rows.stream().filter(row -> "MISSED".equals(row.check().state())).count();
        StringBuilder text = new StringBuilder().append(done).append(" of ").append(rows.size()).append(" checks done");
        if (missed > 0) {
            text.append(", ").append(missed).append(" missed");
        }
        session.nextCheck().ifPresent(next -> text.append("; next due at ")
                .append(SessionView.time(next.dueAt(), zone)));
        return text.append('.').toString();
    }
}

package care.web.pages;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import care.web.security.AccessTokens;
import care.web.security.CareUser;
import care.web.security.SignInRequired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The clinic staff's worklist, in the order they work through it: open safety escalations, consultation requests
 * awaiting a decision (intake's {@code GET /api/intake/consultations?status=REQUESTED}, the jurisdictions the
 * clinician is licensed in), then the sessions the clinician supervises today ({@code GET /api/sessions}).
 * The open safety escalations come from {@code GET /api/intake/safety-escalations} (the same jurisdictions, oldest
 * first); a consultation request of a patient with one waits for its review and says so. "Today" is the day
 * in the browser's time zone (the cookie {@code care_time_zone}, set by /js/worklist.js), else the clinic's.
 */
@Controller
@PreAuthorize("hasAnyRole('CLINICIAN', 'COORDINATOR')")
class WorklistController {

    static final String TIME_ZONE_COOKIE = "care_time_zone";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final int PAGE_SIZE = 20;

    /** A page of intake's consultation worklist. */
    record ConsultationPage(List<ConsultationItem> items, int page, int size) {
    }

    record ConsultationItem(String consultationId, String patientId, String jurisdiction, Instant requestedAt,
            String status) {
    }

    /** A page of intake's open safety escalations. */
    record EscalationPage(List<Escalation> items, int page, int size) {
    }

    record Escalation(String escalationId, String patientId, String jurisdiction, Instant raisedAt, int triggers) {
    }

    /** A session as the session service lists it for its supervising clinician. */
    record SessionItem(String sessionId, String appointmentId, String planId, int sessionNumber, String providerId,
            String status, Instant scheduledStart, Instant scheduledEnd, boolean prepared, Instant startedAt,
            Instant completedAt) {
    }

    /** A clinician of the staff directory ({@code GET /api/intake/staff?role=CLINICIAN}). */
    record StaffEntry(String staffId, List<String> roles, String displayName, List<String> licensedJurisdictions) {
    }

    /** One line of the worklist, ready to show. */
    record Row(String href, String title, String detail) {
    }

    private final GatewayClient gateway;
    private final AccessTokens tokens;
    private final ZoneId clinicZone;

    WorklistController(GatewayClient gateway, AccessTokens tokens,
            @Value("${care.web.clinic-time-zone:UTC}") String clinicTimeZone) {
        this.gateway = gateway;
        this.tokens = tokens;
        this.clinicZone = zone(clinicTimeZone).orElse(ZoneId.of("UTC"));
    }

    @GetMapping("/worklist")
    String worklist(@CookieValue(name = TIME_ZONE_COOKIE, required = false) String browserZone,
            @org.springframework.web.bind.annotation.RequestParam(required = false) String clinician, Model model) {
        CareUser user = tokens.currentUser();
        if (user == null) {
            throw new SignInRequired();
        }
        ZoneId zone = zone(browserZone).orElse(clinicZone);
        boolean isClinician = user.has(CareUser.Role.CLINICIAN);
        model.addAttribute("clinician", isClinician);
        model.addAttribute("zone", zone.getId());
        model.addAttribute("zoneFromBrowser", zone(browserZone).isPresent());
        LocalDate today = LocalDate.now(zone);
        model.addAttribute("today", DAY.format(today));
        if (!isClinician) {
            coordinatorView(clinician, today, zone, model);
            return "worklist";
        }
        List<Row> escalations = new ArrayList<>();
        List<Row> requests = new ArrayList<>();
        try {
            ConsultationPage page = gateway.get("/api/intake/consultations?status=REQUESTED&page=0&size={size}",
                    ConsultationPage.class, PAGE_SIZE);
            List<ConsultationItem> items = page == null || page.items() == null ? List.of() : page.items();
            EscalationPage open = gateway.get("/api/intake/safety-escalations?page=0&size={size}",
                    EscalationPage.class, PAGE_SIZE);
            List<Escalation> openItems = open == null || open.items() == null ? List.of() : open.items();
            java.util.Map<String, String> waiting = new java.util.HashMap<>();
            for (ConsultationItem item : items) {
                waiting.put(item.patientId(), "/patients/" + item.patientId() + "/consultations/" + item.consultationId());
            }
            java.util.Set<String> underReview = new java.util.HashSet<>();
            for (Escalation escalation : openItems) {
                underReview.add(escalation.patientId());
                String consultation = waiting.get(escalation.patientId());
                escalations.add(new Row(consultation == null ? "/patients/" + escalation.patientId() + "/safety-review"
                        : consultation + "#safety-review", "Safety review needed (" + escalation.jurisdiction() + ")",
                        "Raised " + when(escalation.raisedAt(), zone) + "; " + escalation.triggers()
                                + (escalation.triggers() == 1 ? " positive answer" : " positive answers")
                                + (consultation == null ? "." : "; its consultation request waits for the review.")));
            }
            for (ConsultationItem item : items) {
                requests.add(new Row(waiting.get(item.patientId()), "Consultation request (" + item.jurisdiction() + ")",
                        "Requested " + when(item.requestedAt(), zone) + (underReview.contains(item.patientId())
                                ? "; waits for the safety review above." : ".")));
            }
            model.addAttribute("moreRequests", items.size() >= PAGE_SIZE);
            model.addAttribute("moreEscalations", openItems.size() >= PAGE_SIZE);
        } catch (ApiProblem problem) {
            if (problem.status() != 403) {
                throw problem;
            }
            model.addAttribute("consultationProblem", problem);
        }
        model.addAttribute("escalations", escalations);
        model.addAttribute("requests", requests);
        String providerId;
        try {
            providerId = UUID.fromString(user.subject()).toString();
        } catch (IllegalArgumentException notAProviderId) {
            model.addAttribute("sessionsProblem", new ApiProblem(403, null, null,
                    "Your sign-in is not a clinician's provider id, so no sessions can be listed for you.", List.of()));
            model.addAttribute("sessions", List.of());
            return "worklist";
        }
        model.addAttribute("sessions", sessions(providerId, today, zone, model));
        return "worklist";
    }

    /**
     * A coordinator lists no consultations or escalations (the API gives those to clinicians); they may see any
     * clinician's sessions, chosen from the staff directory.
     */
    private void coordinatorView(String chosen, LocalDate today, ZoneId zone, Model model) {
        StaffEntry[] staff = gateway.get("/api/intake/staff?role=CLINICIAN", StaffEntry[].class);
        List<StaffEntry> clinicians = staff == null ? List.of() : List.of(staff);
        model.addAttribute("clinicians", clinicians);
        StaffEntry selected = chosen == null ? null : clinicians.stream()
                .filter(entry -> chosen.equalsIgnoreCase(entry.staffId())).findFirst().orElse(null);
        model.addAttribute("chosen", selected);
        if (selected != null) {
            model.addAttribute("sessions", sessions(selected.staffId(), today, zone, model));
        }
    }

    /** The sessions the clinician supervises today, in the zone; a refusal is shown in place of the list. */
    private List<Row> sessions(String providerId, LocalDate today, ZoneId zone, Model model) {
        Instant from = today.atStartOfDay(zone).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(zone).toInstant();
        SessionItem[] found;
        try {
            found = gateway.get("/api/sessions?providerId={provider}&from={from}&to={to}", SessionItem[].class,
                    providerId, from.toString(), to.toString());
        } catch (ApiProblem problem) {
            if (problem.status() != 403) {
                throw problem;
            }
            model.addAttribute("sessionsProblem", problem);
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        for (SessionItem session : found == null ? new SessionItem[0] : found) {
            String time = session.scheduledStart() == null ? "" : TIME.format(session.scheduledStart().atZone(zone));
            String end = session.scheduledEnd() == null ? "" : "–" + TIME.format(session.scheduledEnd().atZone(zone));
            rows.add(new Row("/console/" + session.sessionId(), time + end + " · Dosing session " + session.sessionNumber(),
                    statusLabel(session.status()) + (session.prepared() ? "; preparation complete." : "; not prepared yet.")));
        }
        return rows;
    }

    static String statusLabel(String status) {
        if (status == null) {
            return "Unknown";
        }
        String words = status.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String when(Instant instant, ZoneId zone) {
        return instant == null ? "at an unknown time" : WHEN.format(instant.atZone(zone));
    }

    static java.util.Optional<ZoneId> zone(String id) {
        if (id == null || id.isBlank() || id.length() > 64) {
            return java.util.Optional.empty();
        }
        try {
            // Region ids only (e.g. Europe/Paris, or UTC): fixed offsets are not a place's time.
            ZoneId zone = ZoneId.of(id.strip());
            return zone instanceof java.time.ZoneOffset ? java.util.Optional.empty() : java.util.Optional.of(zone);
        } catch (DateTimeException unknown) {
            return java.util.Optional.empty();
        }
    }
}

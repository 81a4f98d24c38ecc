package care.web.pages;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Booking a dosing session of the plan: a day, then the free times of that day (scheduling's
 * {@code GET /api/scheduling/slots}) in the patient's time zone (the browser's, else the registered one), then a
 * confirmation that books ({@code POST /api/scheduling/appointments}) with an {@code Idempotency-Key} made when the
 * confirmation page is rendered, so a double submit is one booking. Pacing refusals are explained in plain words;
 * a time just taken by someone else ({@code 409 slot-taken}) shows the free times again. The day and time stay in
 * the server-side session ({@link BookingDraft}), never in a URL.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class BookingController {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String PROBLEM = "urn:care:problem:";

    record SlotPage(List<SlotView> items, int total) {
    }

    record SlotView(String providerId, Instant start, Instant end) {
    }

    /** A free time as the page offers it: the value names the provider and the start. */
    record TimeChoice(String value, String label, Instant start) {
    }

    record Booked(String appointmentId, Integer sessionNumber, Instant start, boolean late) {
    }

    private final GatewayClient gateway;
    private final PatientContext patient;

    BookingController(GatewayClient gateway, PatientContext patient) {
        this.gateway = gateway;
        this.patient = patient;
    }

    @GetMapping("/book/{number}")
    String chooseDay(@PathVariable int number, HttpSession session, Model model) {
        requireNumber(number);
        return show(BookingDraft.of(session, number), model, null);
    }

    @PostMapping("/book/{number}")
    String day(@PathVariable int number, @RequestParam(required = false) String day,
            @RequestParam(required = false) String timeZone, HttpSession session, Model model,
            HttpServletResponse response) {
        requireNumber(number);
        BookingDraft draft = BookingDraft.of(session, number);
        draft.timeZone = PatientContext.zone(timeZone).map(ZoneId::getId).orElse(null);
        ZoneId zone = zone(draft);
        LocalDate chosen;
        try {
            chosen = LocalDate.parse(day == null ? "" : day.strip());
        } catch (DateTimeParseException invalid) {
            response.setStatus(400);
            draft.day = null;
            return show(draft, model, new ApiProblem(400, null, null, "Choose a day to see its free times.",
                    List.of(new ApiProblem.FieldMessage("day", "Enter a day, such as 2026-12-03."))));
        }
        if (chosen.isBefore(LocalDate.now(zone))) {
            response.setStatus(400);
            draft.day = null;
            return show(draft, model, new ApiProblem(400, null, null, "Choose today or a later day.",
                    List.of(new ApiProblem.FieldMessage("day", "This day has passed."))));
        }
        draft.day = chosen;
        draft.choice = null;
        draft.save(session);
        return "redirect:/book/" + number;
    }

    @PostMapping("/book/{number}/time")
    String time(@PathVariable int number, @RequestParam(required = false) String slot, HttpSession session,
            Model model, HttpServletResponse response) {
        requireNumber(number);
        BookingDraft draft = BookingDraft.of(session, number);
        Optional<BookingDraft.Choice> choice = parse(number, slot);
        if (choice.isEmpty() || draft.day == null) {
            response.setStatus(400);
            return show(draft, model, new ApiProblem(400, null, null, "Choose one of the free times to go on.",
                    List.of(new ApiProblem.FieldMessage("slot", "Choose a time."))));
        }
        draft.choice = choice.get();
        draft.save(session);
        return "redirect:/book/" + number + "/confirm";
    }

    @GetMapping("/book/{number}/confirm")
    String confirmPage(@PathVariable int number, HttpSession session, Model model) {
        requireNumber(number);
        BookingDraft draft = BookingDraft.of(session, number);
        if (draft.choice == null) {
            return "redirect:/book/" + number;
        }
        // A new key per confirmation page: both submits of this page are one booking, a new page a new attempt.
        String attempt = draft.newAttempt();
        draft.save(session);
        ZoneId zone = zone(draft);
        model.addAttribute("number", number);
        model.addAttribute("attempt", attempt);
        model.addAttribute("start", draft.choice.start());
        model.addAttribute("when", PatientContext.when(draft.choice.start(), zone));
        model.addAttribute("timeZone", zone.getId());
        return "booking-confirm";
    }

    @PostMapping("/book/{number}/confirm")
    String confirm(@PathVariable int number, @RequestParam(required = false) String attempt, HttpSession session,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        requireNumber(number);
        BookingDraft draft = BookingDraft.of(session, number);
        BookingDraft.Choice choice = attempt != null && UUID.matcher(attempt).matches() ? draft.attempt(attempt) : null;
        if (choice == null || choice.sessionNumber() != number) {
            redirect.addFlashAttribute("notice", "Please confirm the time again.");
            return "redirect:/book/" + number + (draft.choice == null ? "" : "/confirm");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("patientId", patient.patientId());
        body.put("type", "DOSING_SESSION");
        body.put("providerId", choice.providerId());
        body.put("start", choice.start().toString());
        body.put("sessionNumber", number);
        Booked booked;
        try {
            booked = gateway.post("/api/scheduling/appointments", body, Map.of("Idempotency-Key", attempt),
                    Booked.class);
        } catch (ApiProblem problem) {
            return refused(problem, number, draft, session, model, response, redirect);
        }
        draft.choice = null;
        draft.day = null;
        draft.save(session);
        String when = PatientContext.when(booked == null || booked.start() == null ? choice.start() : booked.start(),
                zone(draft));
        redirect.addFlashAttribute("notice", "Session " + number + " is booked for " + when + "."
                + (booked != null && booked.late() ? " It is booked at short notice: changing or cancelling it now "
                        + "counts as a late change." : ""));
        return "redirect:/program";
    }

    private String refused(ApiProblem problem, int number, BookingDraft draft, HttpSession session, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        String type = kind(problem);
        if (problem.status() == 409 && "session-already-booked".equals(type)) {
            redirect.addFlashAttribute("notice", "Session " + number + " is already booked.");
            return "redirect:/program";
        }
        if (problem.status() == 409) {
            // Someone else took the time a moment ago: the free times again, without it.
            draft.choice = null;
            draft.save(session);
            response.setStatus(409);
            return show(draft, model, new ApiProblem(409, problem.type(), problem.title(),
                    "This time was just taken by someone else. Here are the free times now: please choose another.",
                    List.of()));
        }
        if (problem.status() != 400 && problem.status() != 422) {
            throw problem;
        }
        draft.choice = null;
        draft.save(session);
        response.setStatus(problem.status());
        return show(draft, model, new ApiProblem(problem.status(), problem.type(), problem.title(),
                explain(type, number, problem), List.of()));
    }

    /** A refusal of the booking in plain words; the program's numbers stay with the scheduling service. */
    static String explain(String type, int number, ApiProblem problem) {
        return switch (type == null ? "" : type) {
            case "minimum-gap-between-dosing" -> "This time is too close to another of your dosing sessions: the "
                    + "program needs more time between two sessions. Please choose a day further away from them.";
            case "dosing-per-week-cap" -> "This time would put too many dosing sessions into one week. Please choose "
                    + "a day further away from your other sessions.";
            case "session-order" -> "Sessions take place in order: session " + number + " comes after the sessions "
                    + "before it and before the ones after it. Please choose a time in between.";
            case "consultation-first" -> "Your consultation with a clinician comes first. Please choose a time after "
                    + "your consultation.";
            case "plan-not-active" -> "Your program is paused or has ended, so no session can be booked now. Your "
                    + "clinician will contact you.";
            case "no-treatment-plan" -> "You have no approved program yet, so there is nothing to book.";
            case "session-not-in-plan" -> "Your program has no session " + number + ".";
            case "start-in-past", "start-off-grid", "outside-availability", "provider-does-not-offer",
                    "provider-not-registered" -> "This time is no longer offered. Please choose another.";
            case "idempotency-key-reused" -> "This confirmation was already used for another time. Please choose "
                    + "the time again.";
            default -> problem.message();
        };
    }

    private static String kind(ApiProblem problem) {
        String type = problem.type();
        return type != null && type.startsWith(PROBLEM) ? type.substring(PROBLEM.length()) : type;
    }

    private String show(BookingDraft draft, Model model, ApiProblem problem) {
        ZoneId zone = zone(draft);
        model.addAttribute("problem", problem);
        model.addAttribute("number", draft.sessionNumber);
        model.addAttribute("timeZone", zone.getId());
        model.addAttribute("today", LocalDate.now(zone).toString());
        model.addAttribute("day", draft.day == null ? null : draft.day.toString());
        model.addAttribute("dayLabel", draft.day == null ? null : PatientContext.DAY.format(draft.day));
        model.addAttribute("times", draft.day == null ? List.of() : times(draft.day, zone));
        return "booking";
    }

    /** The patient's care team as intake lists it; only the staff ids and roles are used. */
    record CareTeam(List<CareTeamMember> members) {
    }

    record CareTeamMember(String staffId, String role) {
    }

    /**
     * The free times of the day in the zone, one per start, from now on. The clinicians of the patient's care team
     * (responsible, supervising) supervise their sessions: when any of them is free that day only their times are
     * offered; otherwise every clinician's, each start once (the first clinician offering it).
     */
    private List<TimeChoice> times(LocalDate day, ZoneId zone) {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        SlotPage page = gateway.get("/api/scheduling/slots?type={type}&from={from}&to={to}&size={size}",
                SlotPage.class, "DOSING_SESSION", from.toString(), to.toString(), 200);
        List<SlotView> slots = page == null || page.items() == null ? List.of() : page.items();
        java.util.Set<String> team = careTeamClinicians();
        if (slots.stream().anyMatch(slot -> slot.providerId() != null
                && team.contains(slot.providerId().toLowerCase(java.util.Locale.ROOT)))) {
            slots = slots.stream().filter(slot -> slot.providerId() != null
                    && team.contains(slot.providerId().toLowerCase(java.util.Locale.ROOT))).toList();
        }
        Instant now = Instant.now();
        List<TimeChoice> times = new ArrayList<>();
        List<Instant> seen = new ArrayList<>();
        for (SlotView slot : slots) {
            if (slot.start() == null || !slot.start().isAfter(now) || seen.contains(slot.start())) {
                continue;
            }
            seen.add(slot.start());
            times.add(new TimeChoice(slot.providerId() + "|" + slot.start(),
                    PatientContext.TIME.format(slot.start().atZone(zone)), slot.start()));
        }
        return times;
    }

    /** The clinicians on the patient's care team; empty when intake does not say (the times of all are offered). */
    private java.util.Set<String> careTeamClinicians() {
        try {
            CareTeam team = gateway.get("/api/intake/patients/{id}/care-team", CareTeam.class, patient.patientId());
            if (team == null || team.members() == null) {
                return java.util.Set.of();
            }
            return team.members().stream()
                    .filter(member -> member.staffId() != null && member.role() != null
                            && member.role().endsWith("_CLINICIAN"))
                    .map(member -> member.staffId().toLowerCase(java.util.Locale.ROOT))
                    .collect(java.util.stream.Collectors.toSet());
        } catch (ApiProblem problem) {
            if (problem.status() == 403 || problem.status() == 404) {
                return java.util.Set.of();
            }
            throw problem;
        }
    }

    private ZoneId zone(BookingDraft draft) {
        return PatientContext.zone(draft.timeZone).orElseGet(() -> PatientContext.zoneOf(patient.registration()));
    }

    private static Optional<BookingDraft.Choice> parse(int number, String slot) {
        if (slot == null) {
            return Optional.empty();
        }
        int bar = slot.indexOf('|');
        if (bar <= 0 || bar > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BookingDraft.Choice(number, slot.substring(0, bar),
                    Instant.parse(slot.substring(bar + 1))));
        } catch (DateTimeParseException invalid) {
            return Optional.empty();
        }
    }

    private static void requireNumber(int number) {
        if (number < 1 || number > 8) {
            throw new ApiProblem(404, null, "Not found", "Your program has no such session.", List.of());
        }
    }
}

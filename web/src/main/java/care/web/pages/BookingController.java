package care.web.pages;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
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
 * the server-side session ({@link BookingDraft}), never in a URL. The free times are {@link BookingTimes}'s, the
 * refusals' words {@link BookingRefusals}'.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class BookingController {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    record Booked(String appointmentId, Integer sessionNumber, Instant start, boolean late) {
    }

    private final GatewayClient gateway;
    private final PatientContext patient;
    private final BookingTimes times;

    BookingController(GatewayClient gateway, PatientContext patient, BookingTimes times) {
        this.gateway = gateway;
        this.patient = patient;
        this.times = times;
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
        Optional<BookingDraft.Choice> choice = BookingTimes.picked(number, slot);
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
        String type = BookingRefusals.kind(problem);
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
                BookingRefusals.explain(type, number, problem), List.of()));
    }

    private String show(BookingDraft draft, Model model, ApiProblem problem) {
        ZoneId zone = zone(draft);
        model.addAttribute("problem", problem);
        model.addAttribute("number", draft.sessionNumber);
        model.addAttribute("timeZone", zone.getId());
        model.addAttribute("today", LocalDate.now(zone).toString());
        model.addAttribute("day", draft.day == null ? null : draft.day.toString());
        model.addAttribute("dayLabel", draft.day == null ? null : PatientContext.DAY.format(draft.day));
        model.addAttribute("times", draft.day == null ? List.of() : times.of(draft.day, zone));
        return "booking";
    }

    private ZoneId zone(BookingDraft draft) {
        return PatientContext.zone(draft.timeZone).orElseGet(() -> PatientContext.zoneOf(patient.registration()));
    }

    private static void requireNumber(int number) {
        if (number < 1 || number > 8) {
            throw new ApiProblem(404, null, "Not found", "Your program has no such session.", List.of());
        }
    }
}

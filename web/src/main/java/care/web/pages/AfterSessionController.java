package care.web.pages;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import care.web.security.AccessTokens;
import care.web.security.SignInRequired;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * After the session: the reflection on each completed session ({@code POST /api/sessions/{id}/reflection}, once),
 * the journal with its prompts ({@code GET .../prompts}, {@code GET} and {@code POST .../journal-entries}) and the
 * breathwork and meditation library ({@code GET /api/integration/content}, its filters as query parameters).
 */
@Controller
class AfterSessionController {

    static final Pattern UUID_FORMAT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMMM yyyy", Locale.ENGLISH);

    /** A session as {@code GET /api/sessions/patients/{id}} lists it. */
    record SessionSummary(String sessionId, int sessionNumber, String status, Instant completedAt) {
    }

    record Reflection(String text, Integer mood, Instant submittedAt) {
    }

    /** The part of {@code GET /api/sessions/{id}} this page shows. */
    record SessionDetail(String sessionId, Reflection reflection) {
    }

    /** A completed session with its reflection, if written. */
    record ReflectionItem(String sessionId, int sessionNumber, String completedOn, Reflection reflection) {
    }

    record Prompt(String assignmentId, String promptId, int sessionNumber, String text, Instant dueAt,
            boolean answered) {
    }

    record Entry(String entryId, String promptId, String text, Integer mood, Instant writtenAt) {
    }

    /** A journal entry as the page shows it: the prompt's text and the day in the patient's time zone. */
    record EntryItem(String entryId, String prompt, String text, Integer mood, Instant writtenAt, String writtenOn) {
    }

    record ContentItem(String contentId, String title, String kind, int durationMinutes, List<String> tags,
            String mediaRef) {
    }

    record ContentPage(List<ContentItem> items) {
    }

    /** What the patient typed, kept when the API refuses it. */
    record EntryForm(String promptId, String text, String mood) {
    }

    private final GatewayClient gateway;
    private final AccessTokens tokens;

    AfterSessionController(GatewayClient gateway, AccessTokens tokens) {
        this.gateway = gateway;
        this.tokens = tokens;
    }

    // Reflections

    @GetMapping("/reflections")
    @PreAuthorize("hasRole('PATIENT')")
    String reflections(Model model) {
        return showReflections(model, null, null, null, null);
    }

    @PostMapping("/reflections/{sessionId}")
    @PreAuthorize("hasRole('PATIENT')")
    String reflect(@PathVariable String sessionId, @RequestParam(defaultValue = "") String text,
            @RequestParam(defaultValue = "") String mood, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        if (!UUID_FORMAT.matcher(sessionId).matches()) {
            throw new ApiProblem(404, null, null, "There is no such session.", List.of());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text);
        body.put("mood", number(mood));
        try {
            gateway.post("/api/sessions/{id}/reflection", body, Map.class, sessionId);
        } catch (ApiProblem problem) {
            refusable(problem);
            response.setStatus(problem.status());
            return showReflections(model, problem, sessionId, text, mood);
        }
        redirect.addFlashAttribute("notice", "Your reflection is saved.");
        return "redirect:/reflections";
    }

    private String showReflections(Model model, ApiProblem problem, String forSession, String text, String mood) {
        String patientId = PatientContext.patientId(tokens);
        ZoneId zone = zone(gateway, patientId);
        SessionSummary[] sessions = gateway.get("/api/sessions/patients/{id}", SessionSummary[].class, patientId);
        List<ReflectionItem> items = new ArrayList<>();
        for (SessionSummary session : sessions == null ? new SessionSummary[0] : sessions) {
            if (!"COMPLETED".equals(session.status())) {
                continue;
            }
            SessionDetail detail = gateway.get("/api/sessions/{id}", SessionDetail.class, session.sessionId());
            items.add(new ReflectionItem(session.sessionId(), session.sessionNumber(), day(session.completedAt(), zone),
                    detail == null ? null : detail.reflection()));
        }
        items.sort((a, b) -> Integer.compare(b.sessionNumber(), a.sessionNumber()));
        model.addAttribute("sessions", items);
        model.addAttribute("problem", problem);
        model.addAttribute("problemSession", forSession);
        model.addAttribute("text", text);
        model.addAttribute("mood", mood);
        model.addAttribute("moods", moods());
        return "reflections";
    }

    // Journal

    @GetMapping("/journal")
    @PreAuthorize("hasRole('PATIENT')")
    String journal(@RequestParam(required = false) String prompt, Model model) {
        return showJournal(model, null, new EntryForm(prompt, "", ""));
    }

    @PostMapping("/journal")
    @PreAuthorize("hasRole('PATIENT')")
    String write(@RequestParam(defaultValue = "") String promptId, @RequestParam(defaultValue = "") String text,
            @RequestParam(defaultValue = "") String mood, @RequestParam(defaultValue = "") String attempt,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!promptId.isBlank()) {
            body.put("promptId", promptId);
        }
        body.put("text", text);
        body.put("mood", number(mood));
        // One key per attempt (the form carries it), so a resubmitted form records the entry once.
        String key = UUID_FORMAT.matcher(attempt).matches() ? attempt : UUID.randomUUID().toString();
        try {
            gateway.post("/api/integration/patients/{id}/journal-entries", body, Map.of("Idempotency-Key", key), Map.class,
                    PatientContext.patientId(tokens));
        } catch (ApiProblem problem) {
            refusable(problem);
            response.setStatus(problem.status());
            return showJournal(model, problem, new EntryForm(promptId, text, mood));
        }
        redirect.addFlashAttribute("notice", "Your journal entry is saved.");
        return "redirect:/journal";
    }

    private String showJournal(Model model, ApiProblem problem, EntryForm form) {
        String patientId = PatientContext.patientId(tokens);
        ZoneId zone = zone(gateway, patientId);
        Prompt[] prompts = gateway.get("/api/integration/patients/{id}/prompts", Prompt[].class, patientId);
        Entry[] entries = gateway.get("/api/integration/patients/{id}/journal-entries", Entry[].class, patientId);
        List<Prompt> all = prompts == null ? List.of() : List.of(prompts);
        Map<String, String> promptTexts = new LinkedHashMap<>();
        all.forEach(p -> promptTexts.put(p.promptId(), p.text()));
        List<EntryItem> items = (entries == null ? List.<Entry>of() : List.of(entries)).stream()
                .map(e -> new EntryItem(e.entryId(), e.promptId() == null ? null : promptTexts.get(e.promptId()),
                        e.text(), e.mood(), e.writtenAt(), day(e.writtenAt(), zone))).toList();
        model.addAttribute("open", all.stream().filter(p -> !p.answered()).toList());
        model.addAttribute("prompts", all);
        model.addAttribute("entries", items);
        model.addAttribute("form", form);
        model.addAttribute("attempt", UUID.randomUUID().toString());
        model.addAttribute("problem", problem);
        model.addAttribute("moods", moods());
        return "journal";
    }

    // Library

    @GetMapping("/library")
    String library(@RequestParam(required = false) String kind, @RequestParam(required = false) String maxMinutes,
            @RequestParam(required = false) String tag, Model model, HttpServletResponse response) {
        if (tokens.currentUser() == null) {
            throw new SignInRequired();
        }
        StringBuilder path = new StringBuilder("/api/integration/content");
        List<Object> values = new ArrayList<>();
        String kindValue = "BREATHWORK".equals(kind) || "MEDITATION".equals(kind) ? kind : null;
        String separator = "?";
        if (kindValue != null) {
            path.append(separator).append("kind={kind}");
            values.add(kindValue);
            separator = "&";
        }
        if (maxMinutes != null && !maxMinutes.isBlank()) {
            path.append(separator).append("maxMinutes={maxMinutes}");
            values.add(maxMinutes.strip());
            separator = "&";
        }
        if (tag != null && !tag.isBlank()) {
            path.append(separator).append("tag={tag}");
            values.add(tag.strip());
        }
        model.addAttribute("kind", kindValue);
        model.addAttribute("maxMinutes", maxMinutes);
        model.addAttribute("tag", tag);
        List<ContentItem> items = List.of();
        try {
            ContentPage page = gateway.get(path.toString(), ContentPage.class, values.toArray());
            items = page == null || page.items() == null ? List.of() : page.items();
        } catch (ApiProblem problem) {
            if (problem.status() != 400) {
                throw problem;
            }
            response.setStatus(400);
            model.addAttribute("problem", problem);
        }
        model.addAttribute("items", items);
        return "library";
    }

    // Shared with the progress page

    /** A refusal the patient can act on stays on the page; anything else goes to the problem page. */
    static void refusable(ApiProblem problem) {
        if (problem.status() != 400 && problem.status() != 409 && problem.status() != 422) {
            throw problem;
        }
    }


    /** The patient's time zone from their registration, UTC when there is none. */
    static ZoneId zone(GatewayClient gateway, String patientId) {
        try {
            HomeController.PatientRecord record = gateway.get("/api/intake/patients/{id}",
                    HomeController.PatientRecord.class, patientId);
            return record == null || record.timeZone() == null ? ZoneOffset.UTC : ZoneId.of(record.timeZone());
        } catch (ApiProblem | java.time.DateTimeException notKnown) {
            if (notKnown instanceof ApiProblem problem && problem.status() != 404 && problem.status() != 403) {
                throw problem;
            }
            return ZoneOffset.UTC;
        }
    }

    static String day(Instant at, ZoneId zone) {
        return at == null ? null : DAY.format(at.atZone(zone));
    }

    private static Object number(String value) {
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static List<Integer> moods() {
        return List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }
}

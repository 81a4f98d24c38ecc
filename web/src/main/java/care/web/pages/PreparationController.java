package care.web.pages;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
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
 * Preparing for a dosing session: the checklist the session service keeps ({@code PUT /api/sessions/{id}/preparation}:
 * intention, fasting, a monitor with their phone, no driving, a safe place) with what is still missing as the
 * service lists it, and the pre-dose blood-pressure reading from the patient's home cuff
 * ({@code POST /api/sessions/{id}/vitals}, phase {@code PRE_DOSE}).
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class PreparationController {

    private static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    record Monitor(String name, String phone) {
    }

    record Preparation(String intention, boolean fastingConfirmed, Monitor monitor, boolean noDriving,
            boolean safeEnvironment, boolean complete, List<String> missing) {
    }

    record Vital(String readingId, String phase, int systolic, int diastolic, int heartRate, Instant takenAt) {
    }

    /** The parts of the session service's whole session this page shows. */
    record Session(String sessionId, int sessionNumber, String status, boolean planPaused, Instant scheduledStart,
            Preparation preparation, List<Vital> vitals) {
    }

    /** What the form shows: the saved checklist, or what was just sent when it was refused. */
    record Form(String intention, boolean fastingConfirmed, String monitorName, String monitorPhone, boolean noDriving,
            boolean safeEnvironment) {

        static Form of(Preparation saved) {
            if (saved == null) {
                return new Form("", false, "", "", false, false);
            }
            return new Form(saved.intention() == null ? "" : saved.intention(), saved.fastingConfirmed(),
                    saved.monitor() == null || saved.monitor().name() == null ? "" : saved.monitor().name(),
                    saved.monitor() == null || saved.monitor().phone() == null ? "" : saved.monitor().phone(),
                    saved.noDriving(), saved.safeEnvironment());
        }
    }

    /** The session service's names of what is missing, as the patient reads them. */
    static final Map<String, String> MISSING;

    static {
        Map<String, String> missing = new LinkedHashMap<>();
        missing.put("intention", "your intention for the session");
        missing.put("fastingConfirmed", "confirming that you will fast before the session");
        missing.put("monitor", "your monitor's name and phone number");
        missing.put("noDriving", "confirming that you will not drive");
        missing.put("safeEnvironment", "confirming a safe, quiet place");
        MISSING = java.util.Collections.unmodifiableMap(missing);
    }

    private final GatewayClient gateway;
    private final PatientContext patient;

    PreparationController(GatewayClient gateway, PatientContext patient) {
        this.gateway = gateway;
        this.patient = patient;
    }

    @GetMapping("/sessions/{sessionId:" + UUID + "}/preparation")
    String page(@PathVariable String sessionId, Model model) {
        Session session = load(sessionId);
        return show(session, Form.of(session.preparation()), null, null, model);
    }

    @PostMapping("/sessions/{sessionId:" + UUID + "}/preparation")
    String save(@PathVariable String sessionId, @RequestParam(defaultValue = "") String intention,
            @RequestParam(defaultValue = "false") boolean fastingConfirmed,
            @RequestParam(defaultValue = "") String monitorName, @RequestParam(defaultValue = "") String monitorPhone,
            @RequestParam(defaultValue = "false") boolean noDriving,
            @RequestParam(defaultValue = "false") boolean safeEnvironment, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        Form form = new Form(intention, fastingConfirmed, monitorName, monitorPhone, noDriving, safeEnvironment);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("intention", blankToNull(intention));
        body.put("fastingConfirmed", fastingConfirmed);
        Map<String, Object> monitor = new LinkedHashMap<>();
        monitor.put("name", blankToNull(monitorName));
        monitor.put("phone", blankToNull(monitorPhone));
        body.put("monitor", monitor);
        body.put("noDriving", noDriving);
        body.put("safeEnvironment", safeEnvironment);
        Session saved;
        try {
            saved = gateway.put("/api/sessions/{id}/preparation", body, Session.class, sessionId);
        } catch (ApiProblem problem) {
            if (problem.status() != 400 && problem.status() != 409 && problem.status() != 422) {
                throw problem;
            }
            response.setStatus(problem.status());
            return show(load(sessionId), form, renamed(problem), null, model);
        }
        redirect.addFlashAttribute("notice", saved != null && saved.preparation() != null
                && saved.preparation().complete() ? "Your preparation is saved and complete."
                        : "Your preparation is saved. Some things are still missing.");
        return "redirect:/sessions/" + sessionId + "/preparation";
    }

    @PostMapping("/sessions/{sessionId:" + UUID + "}/reading")
    String reading(@PathVariable String sessionId, @RequestParam(defaultValue = "") String systolic,
            @RequestParam(defaultValue = "") String diastolic, @RequestParam(defaultValue = "") String heartRate,
            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        Map<String, String> entered = Map.of("systolic", systolic, "diastolic", diastolic, "heartRate", heartRate);
        List<ApiProblem.FieldMessage> errors = new java.util.ArrayList<>();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("phase", "PRE_DOSE");
        for (String field : List.of("systolic", "diastolic", "heartRate")) {
            try {
                body.put(field, Integer.parseInt(entered.get(field).strip()));
            } catch (NumberFormatException notANumber) {
                errors.add(new ApiProblem.FieldMessage(field, "Enter a whole number, such as "
                        + switch (field) {
                            case "systolic" -> "120";
                            case "diastolic" -> "80";
                            default -> "70";
                        } + "."));
            }
        }
        ApiProblem problem = errors.isEmpty() ? null
                : new ApiProblem(400, null, null, "The reading could not be saved.", errors);
        if (problem == null) {
            try {
                gateway.post("/api/sessions/{id}/vitals", body, Map.class, sessionId);
            } catch (ApiProblem refused) {
                if (refused.status() != 400 && refused.status() != 409 && refused.status() != 422) {
                    throw refused;
                }
                problem = refused;
            }
        }
        if (problem != null) {
            response.setStatus(problem.status());
            Session session = load(sessionId);
            return show(session, Form.of(session.preparation()), null, new ReadingProblem(problem, entered), model);
        }
        redirect.addFlashAttribute("notice", "Your reading is saved.");
        return "redirect:/sessions/" + sessionId + "/preparation";
    }

    /** A refused reading with what was entered. */
    record ReadingProblem(ApiProblem problem, Map<String, String> entered) {
    }

    private Session load(String sessionId) {
        return gateway.get("/api/sessions/{id}", Session.class, sessionId);
    }

    private String show(Session session, Form form, ApiProblem problem, ReadingProblem reading, Model model) {
        ZoneId zone = PatientContext.zoneOf(patient.registration());
        Preparation saved = session.preparation();
        List<String> missing = saved == null || saved.missing() == null ? List.copyOf(MISSING.keySet())
                : saved.missing();
        Optional<Vital> latest = session.vitals() == null ? Optional.empty() : session.vitals().stream()
                .filter(vital -> "PRE_DOSE".equals(vital.phase()) && vital.takenAt() != null)
                .max(Comparator.comparing(Vital::takenAt));
        model.addAttribute("dosing", session);
        model.addAttribute("when", PatientContext.when(session.scheduledStart(), zone));
        model.addAttribute("timeZone", zone.getId());
        model.addAttribute("editable", "SCHEDULED".equals(session.status()));
        model.addAttribute("form", form);
        model.addAttribute("problem", problem);
        model.addAttribute("missing", missing.stream().map(name -> MISSING.getOrDefault(name, name)).toList());
        model.addAttribute("reading", latest.orElse(null));
        model.addAttribute("readingWhen", latest.map(vital -> PatientContext.when(vital.takenAt(), zone)).orElse(null));
        model.addAttribute("readingProblem", reading == null ? null : reading.problem());
        model.addAttribute("entered", reading == null ? Map.of("systolic", "", "diastolic", "", "heartRate", "")
                : reading.entered());
        return "preparation";
    }

    /** The API's field names as this form names them. */
    private static ApiProblem renamed(ApiProblem problem) {
        List<ApiProblem.FieldMessage> errors = problem.errors().stream().map(error -> new ApiProblem.FieldMessage(
                switch (error.field() == null ? "" : error.field()) {
                    case "monitor.name" -> "monitorName";
                    case "monitor.phone" -> "monitorPhone";
                    default -> error.field();
                }, error.message())).toList();
        String message = problem.status() == 422 && "urn:care:problem:session-not-scheduled".equals(problem.type())
                ? "This session has started or is no longer booked, so its preparation cannot change."
                : problem.message();
        return new ApiProblem(problem.status(), problem.type(), problem.title(), message, errors);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

package care.web.pages;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Coordination and administration: a patient's care team with its changes and the coach assignment
 * (coordinator), providers' weekly availability in their own time zone (coordinator), the staff directory
 * (coordinator reads, administrator registers and removes) and clinical alerts not yet delivered with their
 * delivery status (coordinator).
 */
@Controller
class CoordinationController {

    static final List<String> DAYS = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY",
            "SUNDAY");
    static final Map<String, String> TEAM_ROLES = Map.of("RESPONSIBLE_CLINICIAN", "Responsible clinician",
            "SUPERVISING_CLINICIAN", "Supervising clinician", "COACH", "Coach");
    static final Map<String, String> APPOINTMENT_TYPES = Map.of("CONSULTATION", "Consultation",
            "DOSING_SESSION", "Dosing session", "INTEGRATION_COACHING", "Integration coaching");
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    record Member(String staffId, String role, Instant since, String displayName) {
    }

    record Emergency(String staffId, String grantId, Instant grantedAt, Instant expiresAt) {
    }

    record CareTeam(List<Member> members, List<Emergency> emergencyAccess) {
    }

    record Staff(String staffId, List<String> roles, String displayName, List<String> licensedJurisdictions) {
    }

    record Alert(String notificationId, String kind, String channel, String recipient, String status,
            Instant scheduledFor, Instant nextAttemptAt, Instant sentAt, int attempts, String lastFailure) {
    }

    /** A day's window as typed. */
    record Window(String day, String start, String end) {
    }

    private final GatewayClient gateway;

    CoordinationController(GatewayClient gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/coordination")
    @PreAuthorize("hasAnyRole('COORDINATOR', 'ADMIN')")
    String hub(@RequestParam(required = false) String patientId, Model model) {
        model.addAttribute("patientIdValue", patientId);
        if (patientId != null && !patientId.isBlank()) {
            String id = patientId.strip();
            if (AfterSessionController.UUID_FORMAT.matcher(id).matches()) {
                return "redirect:/coordination/patients/" + id.toLowerCase(Locale.ROOT) + "/care-team";
            }
            model.addAttribute("problem", new ApiProblem(400, null, null, null,
                    List.of(new ApiProblem.FieldMessage("patientId", "must be a patient id such as "
                            + "6f1c2e0a-3b7d-4c1e-9a55-0d2b8f4e7a10"))));
        }
        return "coordination";
    }

    // Care team

    @GetMapping("/coordination/patients/{patientId}/care-team")
    @PreAuthorize("hasRole('COORDINATOR')")
    String careTeam(@PathVariable String patientId, Model model) {
        return showCareTeam(model, uuid(patientId), null);
    }

    @PostMapping("/coordination/patients/{patientId}/care-team")
    @PreAuthorize("hasRole('COORDINATOR')")
    String addMember(@PathVariable String patientId, @RequestParam(defaultValue = "") String staffId,
            @RequestParam(defaultValue = "") String role, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        String patient = uuid(patientId);
        if (!AfterSessionController.UUID_FORMAT.matcher(staffId).matches() || !TEAM_ROLES.containsKey(role)) {
            response.setStatus(400);
            return showCareTeam(model, patient, new ApiProblem(400, null, null, "Choose a staff member and a role.",
                    List.of()));
        }
        try {
            gateway.put("/api/intake/patients/{id}/care-team/{staffId}", Map.of("role", role), Map.class, patient,
                    staffId);
        } catch (ApiProblem problem) {
            AfterSessionController.refusable(problem);
            response.setStatus(problem.status());
            return showCareTeam(model, patient, problem);
        }
        redirect.addFlashAttribute("notice", TEAM_ROLES.get(role) + " added to the care team.");
        return "redirect:/coordination/patients/" + patient + "/care-team";
    }

    @PostMapping("/coordination/patients/{patientId}/care-team/{staffId}/remove")
    @PreAuthorize("hasRole('COORDINATOR')")
    String removeMember(@PathVariable String patientId, @PathVariable String staffId, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        String patient = uuid(patientId);
        try {
            gateway.delete("/api/intake/patients/{id}/care-team/{staffId}", patient, uuid(staffId));
        } catch (ApiProblem problem) {
            if (problem.status() != 404) {
                AfterSessionController.refusable(problem);
            }
            response.setStatus(problem.status());
            return showCareTeam(model, patient, problem);
        }
        redirect.addFlashAttribute("notice", "Removed from the care team.");
        return "redirect:/coordination/patients/" + patient + "/care-team";
    }

    @PostMapping("/coordination/patients/{patientId}/coach")
    @PreAuthorize("hasRole('COORDINATOR')")
    String assignCoach(@PathVariable String patientId, @RequestParam(defaultValue = "") String coachId, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        String patient = uuid(patientId);
        try {
            gateway.put("/api/integration/patients/{id}/coach", Map.of("coachId", coachId), Map.class, patient);
        } catch (ApiProblem problem) {
            AfterSessionController.refusable(problem);
            response.setStatus(problem.status());
            return showCareTeam(model, patient, problem);
        }
        redirect.addFlashAttribute("notice", "The coach is assigned; coaching is booked with them after each session.");
        return "redirect:/coordination/patients/" + patient + "/care-team";
    }

    private String showCareTeam(Model model, String patientId, ApiProblem problem) {
        CareTeam team = gateway.get("/api/intake/patients/{id}/care-team", CareTeam.class, patientId);
        List<Staff> clinicians = staff("CLINICIAN");
        List<Staff> coaches = staff("COACH");
        Map<String, String> names = new LinkedHashMap<>();
        clinicians.forEach(s -> names.put(s.staffId(), s.displayName()));
        coaches.forEach(s -> names.put(s.staffId(), s.displayName()));
        List<Staff> everyone = new ArrayList<>(clinicians);
        coaches.stream().filter(c -> clinicians.stream().noneMatch(s -> s.staffId().equals(c.staffId())))
                .forEach(everyone::add);
        model.addAttribute("patientId", patientId);
        model.addAttribute("members", team == null || team.members() == null ? List.of() : team.members());
        model.addAttribute("emergencyAccess", team == null || team.emergencyAccess() == null ? List.of()
                : team.emergencyAccess());
        model.addAttribute("names", names);
        model.addAttribute("staff", everyone);
        model.addAttribute("coaches", coaches);
        model.addAttribute("roles", TEAM_ROLES);
        model.addAttribute("problem", problem);
        return "coordination-care-team";
    }

    // Availability

    @GetMapping("/coordination/availability")
    @PreAuthorize("hasRole('COORDINATOR')")
    String availability(Model model) {
        List<Window> windows = DAYS.stream().map(day -> new Window(day, "", "")).toList();
        return showAvailability(model, null, "", "UTC", windows, List.of());
    }

    @PostMapping("/coordination/availability")
    @PreAuthorize("hasRole('COORDINATOR')")
    String publishAvailability(@RequestParam MultiValueMap<String, String> form, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        String providerId = form.getFirst("providerId") == null ? "" : form.getFirst("providerId");
        String timeZone = form.getFirst("timeZone") == null ? "" : form.getFirst("timeZone").strip();
        List<String> types = form.getOrDefault("appointmentTypes", List.of()).stream()
                .filter(APPOINTMENT_TYPES::containsKey).toList();
        List<Window> windows = DAYS.stream().map(day -> new Window(day, value(form, day + ".start"),
                value(form, day + ".end"))).toList();
        List<Map<String, String>> weekly = new ArrayList<>();
        List<ApiProblem.FieldMessage> errors = new ArrayList<>();
        for (Window window : windows) {
            if (window.start().isEmpty() && window.end().isEmpty()) {
                continue;
            }
            if (window.start().isEmpty() || window.end().isEmpty()) {
                errors.add(new ApiProblem.FieldMessage(window.day(), "give both the start and the end, or neither"));
                continue;
            }
            Map<String, String> day = new LinkedHashMap<>();
            day.put("day", window.day());
            day.put("start", window.start());
            day.put("end", window.end());
            weekly.add(day);
        }
        if (!AfterSessionController.UUID_FORMAT.matcher(providerId).matches()) {
            errors.add(new ApiProblem.FieldMessage("providerId", "choose a provider"));
        }
        if (!errors.isEmpty()) {
            response.setStatus(400);
            return showAvailability(model, new ApiProblem(400, null, null, "Some fields need a change.", errors),
                    providerId, timeZone, windows, types);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timeZone", timeZone);
        body.put("weekly", weekly);
        body.put("appointmentTypes", types);
        try {
            gateway.put("/api/scheduling/providers/{id}/availability", body, Map.class, providerId);
        } catch (ApiProblem problem) {
            AfterSessionController.refusable(problem);
            response.setStatus(problem.status());
            return showAvailability(model, problem, providerId, timeZone, windows, types);
        }
        redirect.addFlashAttribute("notice", "The availability is published: " + weekly.size()
                + (weekly.size() == 1 ? " day a week" : " days a week") + ", in " + timeZone + ".");
        return "redirect:/coordination/availability";
    }

    private String showAvailability(Model model, ApiProblem problem, String providerId, String timeZone,
            List<Window> windows, List<String> types) {
        List<Staff> providers = new ArrayList<>(staff("CLINICIAN"));
        staff("COACH").stream().filter(c -> providers.stream().noneMatch(s -> s.staffId().equals(c.staffId())))
                .forEach(providers::add);
        model.addAttribute("providers", providers);
        model.addAttribute("providerId", providerId);
        model.addAttribute("timeZone", timeZone);
        model.addAttribute("windows", windows);
        model.addAttribute("types", types);
        model.addAttribute("appointmentTypes", APPOINTMENT_TYPES);
        model.addAttribute("problem", problem);
        return "coordination-availability";
    }

    // Staff directory

    @GetMapping("/coordination/staff")
    @PreAuthorize("hasAnyRole('COORDINATOR', 'ADMIN')")
    String staffDirectory(Model model) {
        return showStaff(model, null, "", "", "", "CLINICIAN");
    }

    @PostMapping("/coordination/staff")
    @PreAuthorize("hasRole('ADMIN')")
    String register(@RequestParam(defaultValue = "CLINICIAN") String role,
            @RequestParam(defaultValue = "") String staffId, @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String licensedJurisdictions, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        String id = staffId.strip().toLowerCase(Locale.ROOT);
        if (!AfterSessionController.UUID_FORMAT.matcher(id).matches()) {
            response.setStatus(400);
            return showStaff(model, new ApiProblem(400, null, null, null, List.of(new ApiProblem.FieldMessage(
                    "staffId", "must be the staff member's id (the subject of their sign-in), a UUID"))),
                    staffId, displayName, licensedJurisdictions, role);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", displayName.strip());
        try {
            if ("COACH".equals(role)) {
                gateway.put("/api/intake/coaches/{id}", body, Map.class, id);
            } else {
                body.put("licensedJurisdictions", Arrays.stream(licensedJurisdictions.split("[,\\s]+"))
                        .filter(j -> !j.isBlank()).toList());
                gateway.put("/api/intake/clinicians/{id}", body, Map.class, id);
            }
        } catch (ApiProblem problem) {
            AfterSessionController.refusable(problem);
            response.setStatus(problem.status());
            return showStaff(model, problem, staffId, displayName, licensedJurisdictions, role);
        }
        redirect.addFlashAttribute("notice", displayName.strip() + " is registered as a "
                + ("COACH".equals(role) ? "coach" : "clinician") + ".");
        return "redirect:/coordination/staff";
    }

    @PostMapping("/coordination/staff/{role}/{staffId}/remove")
    @PreAuthorize("hasRole('ADMIN')")
    String unregister(@PathVariable String role, @PathVariable String staffId, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        try {
            gateway.delete("COACH".equals(role) ? "/api/intake/coaches/{id}" : "/api/intake/clinicians/{id}",
                    uuid(staffId));
        } catch (ApiProblem problem) {
            if (problem.status() != 404) {
                AfterSessionController.refusable(problem);
            }
            response.setStatus(problem.status());
            return showStaff(model, problem, "", "", "", "CLINICIAN");
        }
        redirect.addFlashAttribute("notice", "The registration has ended; they are off every care team that "
                + "needed it.");
        return "redirect:/coordination/staff";
    }

    private String showStaff(Model model, ApiProblem problem, String staffId, String displayName,
            String jurisdictions, String role) {
        model.addAttribute("clinicians", staff("CLINICIAN"));
        model.addAttribute("coaches", staff("COACH"));
        model.addAttribute("problem", problem);
        model.addAttribute("staffId", staffId);
        model.addAttribute("displayName", displayName);
        model.addAttribute("licensedJurisdictions", jurisdictions);
        model.addAttribute("role", role);
        return "coordination-staff";
    }

    // Alerts

    @GetMapping("/coordination/alerts")
    @PreAuthorize("hasRole('COORDINATOR')")
    String alerts(Model model) {
        Alert[] alerts = gateway.get("/api/notifications/alerts", Alert[].class);
        model.addAttribute("alerts", alerts == null ? List.of() : List.of(alerts));
        model.addAttribute("checkedAt", UTC_TIME.format(Instant.now()));
        return "coordination-alerts";
    }

    /** A time as staff read it in these tables, e.g. "4 May 2026, 18:00 UTC". */
    public static String utc(Instant at) {
        return at == null ? "" : UTC_TIME.format(at);
    }

    /** WEEKLY_LIMIT_REACHED → "weekly limit reached". */
    public static String words(String code) {
        return code == null ? "" : code.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private List<Staff> staff(String role) {
        Staff[] found = gateway.get("/api/intake/staff?role={role}", Staff[].class, role);
        return found == null ? List.of() : List.of(found);
    }

    private static String value(MultiValueMap<String, String> form, String name) {
        String value = form.getFirst(name);
        return value == null ? "" : value.strip();
    }

    private static String uuid(String id) {
        if (!AfterSessionController.UUID_FORMAT.matcher(id).matches()) {
            throw new ApiProblem(404, null, null, "There is no such record.", List.of());
        }
        return id.toLowerCase(Locale.ROOT);
    }
}

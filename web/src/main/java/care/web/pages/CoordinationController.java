package care.web.pages;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Coordination and administration: the hub that finds a patient's care team, and clinical alerts not yet
 * delivered with their delivery status (coordinator); the times and codes as the coordination tables write them.
 * The care team ({@link CareTeamController}), providers' weekly availability ({@link AvailabilityController}) and
 * the staff directory ({@link StaffDirectoryController}) have their own controllers.
 */
@Controller
class CoordinationController {

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    record Alert(String notificationId, String kind, String channel, String recipient, String status,
            Instant scheduledFor, Instant nextAttemptAt, Instant sentAt, int attempts, String lastFailure) {
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

    /** An id from a coordination URL, lower case; anything else is no record (404). */
    static String uuid(String id) {
        if (!AfterSessionController.UUID_FORMAT.matcher(id).matches()) {
            throw new ApiProblem(404, null, null, "There is no such record.", List.of());
        }
        return id.toLowerCase(Locale.ROOT);
    }
}

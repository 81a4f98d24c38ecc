package care.web.pages;

import java.util.Optional;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import care.web.security.AccessTokens;
import care.web.security.CareUser;
import care.web.security.SignInRequired;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page of each role, linking to what the web app offers that role (the patient's "My program" page is
 * {@link ProgramController}).
 */
@Controller
class HomeController {

    /** The registration as {@code GET /api/intake/patients/{id}} answers it (the fields the pages show). */
    record PatientRecord(String patientId, String givenName, String familyName, String jurisdiction, String timeZone,
            java.time.Instant registeredAt) {

        /** The day of registration in the patient's time zone, e.g. "1 May 2026". */
        public String registeredOn() {
            if (registeredAt == null) {
                return null;
            }
            java.time.ZoneId zone;
            try {
                zone = java.time.ZoneId.of(timeZone);
            } catch (RuntimeException unknown) {
                zone = java.time.ZoneOffset.UTC;
            }
            return java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.ENGLISH)
                    .format(registeredAt.atZone(zone));
        }
    }

    private final AccessTokens tokens;
    private final GatewayClient gateway;

    HomeController(AccessTokens tokens, GatewayClient gateway) {
        this.tokens = tokens;
        this.gateway = gateway;
    }

    @GetMapping("/")
    String home(Model model) {
        CareUser user = signedIn();
        if (user.isPatient()) {
            model.addAttribute("registration", registration(user).orElse(null));
            return "home-patient";
        }
        return "home-staff";
    }

    private CareUser signedIn() {
        CareUser user = tokens.currentUser();
        if (user == null) {
            throw new SignInRequired();
        }
        return user;
    }

    /** The patient's registration; empty when they have not registered (404) or have no patient id. */
    private Optional<PatientRecord> registration(CareUser user) {
        if (user.patientId().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(gateway.get("/api/intake/patients/{id}", PatientRecord.class,
                    user.patientId().get()));
        } catch (ApiProblem problem) {
            if (problem.status() == 404) {
                return Optional.empty();
            }
            throw problem;
        }
    }
}

package care.web.pages;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import care.web.security.AccessTokens;
import care.web.security.CareUser;
import care.web.security.SignInRequired;
import org.springframework.stereotype.Component;

/**
 * The signed-in patient as the program, booking and preparation pages need them: their patient id, their
 * registration and the time zone times are shown in.
 */
@Component
class PatientContext {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH);

    private final GatewayClient gateway;
    private final AccessTokens tokens;

    PatientContext(GatewayClient gateway, AccessTokens tokens) {
        this.gateway = gateway;
        this.tokens = tokens;
    }

    String patientId() {
        return patientId(tokens);
    }

    /** The signed-in patient's id: sign in first, and a sign-in without a patient id is refused with a 403. */
    static String patientId(AccessTokens tokens) {
        CareUser user = tokens.currentUser();
        if (user == null) {
            throw new SignInRequired();
        }
        return user.patientId().orElseThrow(() -> new ApiProblem(403, null, "No patient id",
                "Your sign-in has no patient record. Sign in again as a patient.", List.of()));
    }

    /** The registration; empty before the patient registers. */
    Optional<HomeController.PatientRecord> registration() {
        try {
            return Optional.ofNullable(gateway.get("/api/intake/patients/{id}", HomeController.PatientRecord.class,
                    patientId()));
        } catch (ApiProblem problem) {
            if (problem.status() == 404) {
                return Optional.empty();
            }
            throw problem;
        }
    }

    /** The zone the patient registered with, UTC when unknown. */
    static ZoneId zoneOf(Optional<HomeController.PatientRecord> registration) {
        return registration.map(HomeController.PatientRecord::timeZone).flatMap(PatientContext::zone)
                .orElse(ZoneOffset.UTC);
    }

    /** An IANA zone id as browsers report it (including "UTC"); anything else is empty. */
    static Optional<ZoneId> zone(String id) {
        if (id == null || id.isBlank() || !ZoneId.getAvailableZoneIds().contains(id.strip())) {
            return Optional.empty();
        }
        return Optional.of(ZoneId.of(id.strip()));
    }

    /** E.g. "Thursday 3 December 2026 at 9:00 AM". */
    static String when(Instant instant, ZoneId zone) {
        if (instant == null) {
            return null;
        }
        return DAY.format(instant.atZone(zone)) + " at " + TIME.format(instant.atZone(zone));
    }
}

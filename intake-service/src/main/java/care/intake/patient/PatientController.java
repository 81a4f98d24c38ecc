package care.intake.patient;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import care.kit.domain.Refusal;
import care.intake.IntakeProperties;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;
import care.kit.security.Caller;
import care.kit.security.Role;

/** Registration and contact details. */
@RestController
@RequestMapping("/api/intake/patients")
class PatientController {

    static final String E164 = "\\+[1-9][0-9]{7,14}";
    static final String JURISDICTION = "[A-Z]{2}(-[A-Z0-9]{1,3})?";

    record Registration(@NotBlank @Size(max = 100) String givenName, @NotBlank @Size(max = 100) String familyName,
            @NotNull @Past LocalDate dateOfBirth, @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Pattern(regexp = E164, message = "must be an E.164 number such as +14155550123") String phone,
            @NotBlank @Pattern(regexp = JURISDICTION, message = "must be an ISO 3166 code such as US-CA") String jurisdiction,
            @NotBlank @TimeZoneId String timeZone) {
    }

    record ContactChange(@Size(min = 1, max = 100) String givenName, @Size(min = 1, max = 100) String familyName,
            @Email @Size(min = 3, max = 254) String email,
            @Pattern(regexp = E164, message = "must be an E.164 number such as +14155550123") String phone,
            @TimeZoneId String timeZone) {
    }

    record Registered(String patientId) {
    }

    record PatientView(String patientId, String givenName, String familyName, LocalDate dateOfBirth, String email,
            String phone, String jurisdiction, String timeZone, Instant registeredAt) {

        static PatientView of(Patient patient) {
            return new PatientView(patient.id, patient.givenName, patient.familyName, patient.dateOfBirth,
                    patient.email, patient.phone, patient.jurisdiction, patient.timeZone, patient.registeredAt);
        }
    }

    private final Patients patients;
    private final PatientAccess access;
    private final IntakeProperties properties;
    private final Clock clock;

    PatientController(Patients patients, PatientAccess access, IntakeProperties properties, Clock clock) {
        this.patients = patients;
        this.access = access;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A patient registers themselves (their token's {@code patient_id} becomes the id), or a coordinator registers
     * a patient (a new random id). The write is recorded for the new id before it is stored.
     */
    @PostMapping
    @Allowed(roles = { Role.PATIENT, Role.COORDINATOR }, permission = Permission.IDENTITY_CHANGE,
            note = "a patient registers themself (their token's patient_id becomes the id); a coordinator registers "
                    + "anyone")
    @PreAuthorize("hasAnyRole('PATIENT', 'COORDINATOR')")
    ResponseEntity<Registered> register(@Valid @RequestBody Registration registration,
            @AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.from(token);
        String id = caller.has(Role.COORDINATOR) ? UUID.randomUUID().toString()
                : uuid(caller.patientId().orElse(null));
        access.check(caller, id, Permission.IDENTITY_CHANGE, "intake.patient.register").require();
        Patient.Registered registered = Patient.register(id, caller.subject(), new Patient.Contact(
                registration.givenName().strip(), registration.familyName().strip(), registration.email().strip(),
                registration.phone(), registration.timeZone()), registration.dateOfBirth(),
                registration.jurisdiction(), properties.programId(), clock.instant());
        patients.register(registered);
        return ResponseEntity.created(URI.create("/api/intake/patients/" + id)).body(new Registered(id));
    }

    @GetMapping("/{patientId}")
    @Allowed(permission = Permission.IDENTITY_READ)
    PatientView get(@PathVariable String patientId, @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId, Permission.IDENTITY_READ, "intake.patient.read")
                .require();
        return PatientView.of(patients.get(decision.patientId()));
    }

    @PatchMapping("/{patientId}")
    @Allowed(permission = Permission.IDENTITY_CHANGE)
    PatientView changeContact(@PathVariable String patientId, @Valid @RequestBody ContactChange change,
            @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId, Permission.IDENTITY_CHANGE,
                "intake.patient.contact.change").require();
        Patient.Contact contact = new Patient.Contact(stripped(change.givenName()), stripped(change.familyName()),
                stripped(change.email()), change.phone(), change.timeZone());
        Patient stored = patients.update(decision.patientId(),
                patient -> patient.changeContact(contact, clock.instant()));
        return PatientView.of(stored);
    }

    private static String stripped(String value) {
        return value == null ? null : value.strip();
    }

    private static String uuid(String value) {
        try {
            return UUID.fromString(String.valueOf(value)).toString();
        } catch (IllegalArgumentException e) {
            throw Refusal.forbidden("invalid-patient-claim", "The token has no valid patient_id.");
        }
    }
}

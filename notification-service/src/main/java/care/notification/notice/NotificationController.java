package care.notification.notice;

import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.contracts.notification.Channel;
import care.contracts.notification.NotificationSuppressed;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;
import care.kit.access.Relationship;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;
import care.kit.security.Caller;
import care.kit.security.Role;

/**
 * A patient's notifications and preferences, where the care team's alerts go, and the alerts not yet
 * delivered. Who may see and change what follows the platform's access table ({@link Permission}) through
 * {@link PatientAccess}, which records every decision before anything is read or changed: the patient sees the
 * messages sent to them; their responsible clinician, an emergency access and coordinators also see the alerts
 * about them.
 */
@RestController
@Validated
class NotificationController {

    private static final String HH_MM = "([01][0-9]|2[0-3]):[0-5][0-9]";

    record NotificationView(UUID notificationId, Purpose kind, Channel channel, Recipient recipient,
            Notification.Status status, Instant scheduledFor, Instant nextAttemptAt, Instant sentAt,
            Instant deliveredAt, int attempts, NotificationSuppressed.Reason suppressedReason, String lastFailure,
            Instant appointmentStart) {

        static NotificationView of(Notification n) {
            return new NotificationView(n.id, n.purpose, n.channel, n.recipient, n.status, n.dueAt, n.nextAttemptAt,
                    n.sentAt, n.deliveredAt, n.attempts, n.suppressedReason, n.lastFailure, n.appointmentStart);
        }
    }

    record QuietHoursBody(@NotNull @Pattern(regexp = HH_MM, message = "must be HH:mm") String start,
            @NotNull @Pattern(regexp = HH_MM, message = "must be HH:mm") String end) {
    }

    record PreferencesRequest(@NotNull @Size(min = 1, max = 2) List<@NotNull Channel> channels,
            @Valid QuietHoursBody quietHours) {
    }

    record PreferencesView(String patientId, List<Channel> channels, QuietHoursBody quietHours,
            Map<Channel, Boolean> consented, boolean smsOptedOut, String timeZone) {
    }

    record ContactRequest(@Email @Size(max = 254) String email,
            @Pattern(regexp = "^\\+[1-9][0-9]{6,14}$", message = "must be in E.164 form") String phone) {
    }

    record ContactView(String providerId, boolean email, boolean phone, Instant updatedAt) {
    }

    private final NotificationQueries queries;
    private final PatientProfiles profiles;
    private final ClinicianContacts contacts;
    private final NotificationSettings settings;
    private final PatientAccess access;

    NotificationController(NotificationQueries queries, PatientProfiles profiles, ClinicianContacts contacts,
            NotificationSettings settings, PatientAccess access) {
        this.queries = queries;
        this.profiles = profiles;
        this.contacts = contacts;
        this.settings = settings;
        this.access = access;
    }

    /** The patient's notifications; the care team's alerts about the patient only for those who may see them. */
    @GetMapping("/api/notifications/patients/{patientId}")
    @Allowed(permission = Permission.NOTIFICATIONS_READ,
            note = "the patient and the coach see the messages to the patient; the others also the alerts about the "
                    + "patient")
    List<NotificationView> list(@PathVariable UUID patientId,
            @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId.toString(), Permission.NOTIFICATIONS_READ, "notification.list")
                .require();
        UUID patient = UUID.fromString(decision.patientId());
        boolean everything = decision.is(Relationship.RESPONSIBLE_CLINICIAN) || decision.is(Relationship.COORDINATOR)
                || decision.is(Relationship.EMERGENCY_ACCESS);
        return queries.forPatient(patient).stream().filter(n -> everything || n.recipient == Recipient.PATIENT)
                .map(NotificationView::of).toList();
    }

    @GetMapping("/api/notifications/patients/{patientId}/preferences")
    @Allowed(permission = Permission.PREFERENCES_READ)
    PreferencesView preferences(@PathVariable UUID patientId,
            @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId.toString(), Permission.PREFERENCES_READ,
                "notification.preferences.read").require();
        UUID patient = UUID.fromString(decision.patientId());
        return view(queries.profile(patient).orElseGet(() -> PatientProfile.empty(patient)));
    }

    @PutMapping("/api/notifications/patients/{patientId}/preferences")
    @Allowed(permission = Permission.PREFERENCES_CHANGE)
    PreferencesView setPreferences(
            @PathVariable UUID patientId,
            @Valid @RequestBody PreferencesRequest request, @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId.toString(), Permission.PREFERENCES_CHANGE,
                "notification.preferences.change").require();
        UUID patient = UUID.fromString(decision.patientId());
        List<FieldError> errors = new ArrayList<>();
        if (request.channels().contains(Channel.PUSH)) {
            errors.add(new FieldError("channels", "PUSH needs the mobile app's registration; choose EMAIL or SMS"));
        }
        if (new LinkedHashSet<>(request.channels()).size() != request.channels().size()) {
            errors.add(new FieldError("channels", "must not repeat a channel"));
        }
        if (request.quietHours() != null) {
            try {
                LocalTime start = LocalTime.parse(request.quietHours().start());
                LocalTime end = LocalTime.parse(request.quietHours().end());
                if (start.equals(end)) {
                    errors.add(new FieldError("quietHours", "start and end must differ"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("quietHours", "must be HH:mm"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        QuietHoursBody quiet = request.quietHours();
        return view(profiles.prefer(patient, request.channels(), quiet == null ? null : quiet.start(),
                quiet == null ? null : quiet.end()));
    }

    @PutMapping("/api/notifications/providers/{providerId}/contact")
    @Allowed(roles = Role.ADMIN)
    @PreAuthorize("hasRole('ADMIN')")
    ContactView setContact(@PathVariable UUID providerId,
            @Valid @RequestBody ContactRequest request, @AuthenticationPrincipal Jwt token) {
        if (request.email() == null && request.phone() == null) {
            throw ProblemException.invalid(List.of(new FieldError("email", "email or phone is required")));
        }
        ClinicianContact saved = contacts.set(providerId, request.email(), request.phone(),
                Caller.from(token).subject());
        return new ContactView(saved.id, saved.email != null, saved.phone != null, saved.updatedAt);
    }

    /**
     * Clinicians' alerts not yet delivered, oldest first: a coordinator sees every one; a registered clinician
     * those about patients whose alerts they may read (their care team's, an emergency access, and any alert
     * addressed to them); anyone else is refused. The decisions for the listed alerts are recorded together.
     */
    @GetMapping("/api/notifications/alerts")
    @Allowed(roles = { Role.COORDINATOR, Role.CLINICIAN }, permission = Permission.ALERTS_READ,
            note = "a coordinator sees every alert; a registered clinician those about patients whose alerts they may "
                    + "read and those addressed to them")
    List<NotificationView> undeliveredAlerts(@AuthenticationPrincipal Jwt token) {
        Caller caller = Caller.from(token);
        if (!caller.has(Role.COORDINATOR)) {
            access.requireStaff(token, StaffRole.CLINICIAN, "notification.alerts.list");
        }
        List<Notification> alerts = queries.undeliveredAlerts();
        return access.visible(alerts, alert -> alert.id.toString(), alert -> access.check(caller,
                alert.patientId.toString(), Permission.ALERTS_READ, "notification.alerts.list")
                .resource("The alert", alert.id.toString())
                .bookedProvider(alert.clinicianId == null ? null : alert.clinicianId.toString(), StaffRole.CLINICIAN))
                .stream().map(NotificationView::of).toList();
    }

    private PreferencesView view(PatientProfile profile) {
        Map<Channel, Boolean> consented = new java.util.EnumMap<>(Channel.class);
        consented.put(Channel.EMAIL, profile.consented(Channel.EMAIL));
        consented.put(Channel.SMS, profile.consented(Channel.SMS));
        var quiet = profile.quietHours(settings.quietHours());
        return new PreferencesView(profile.id, profile.channelsInOrder(),
                new QuietHoursBody(quiet.start().toString(), quiet.end().toString()), consented, profile.smsOptedOut,
                profile.timeZone);
    }
}

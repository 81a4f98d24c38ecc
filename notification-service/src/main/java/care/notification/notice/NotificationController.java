package care.notification.notice;

import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.notification.Channel;
import care.contracts.notification.NotificationSuppressed;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;
import care.kit.audit.AuditTrail;
import care.kit.outbox.Outbox;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;
import care.kit.security.Caller;
import care.kit.security.Role;

/**
 * A patient's notifications and preferences, where clinicians' alerts go, and the alerts not yet
 * delivered. A patient sees their own; their care team (the clinicians and coach their appointments and
 * plan name) and coordinators see theirs. Reads and refusals are audited.
 */
@RestController
@Validated
class NotificationController {

    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
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

    private final MongoTemplate mongo;
    private final Notifications notifications;
    private final NotificationSettings settings;
    private final Outbox outbox;
    private final AuditTrail audit;

    NotificationController(MongoTemplate mongo, Notifications notifications, NotificationSettings settings,
            Outbox outbox, AuditTrail audit) {
        this.mongo = mongo;
        this.notifications = notifications;
        this.settings = settings;
        this.outbox = outbox;
        this.audit = audit;
    }

    @GetMapping("/api/notifications/patients/{patientId}")
    List<NotificationView> list(@PathVariable @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String patientId,
            @AuthenticationPrincipal Jwt token) {
        UUID patient = UUID.fromString(patientId);
        Caller caller = check(token, patient, "notification.list", false);
        audit.record(caller.subject(), "notification.list", patient.toString(), AuditTrail.Outcome.READ);
        boolean patientOnly = !caller.has(Role.COORDINATOR) && !caller.has(Role.CLINICIAN);
        return mongo.find(Query.query(Criteria.where("patientId").is(patient)), Notification.class).stream()
                .filter(n -> !patientOnly || n.recipient == Recipient.PATIENT)
                .sorted(Comparator.comparing((Notification n) -> n.dueAt).reversed())
                .map(NotificationView::of).toList();
    }

    @GetMapping("/api/notifications/patients/{patientId}/preferences")
    PreferencesView preferences(@PathVariable @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String patientId,
            @AuthenticationPrincipal Jwt token) {
        UUID patient = UUID.fromString(patientId);
        Caller caller = check(token, patient, "notification.preferences.read", false);
        audit.record(caller.subject(), "notification.preferences.read", patient.toString(), AuditTrail.Outcome.READ);
        return view(notifications.profile(patient).orElseGet(() -> PatientProfile.empty(patient)));
    }

    @PutMapping("/api/notifications/patients/{patientId}/preferences")
    PreferencesView setPreferences(
            @PathVariable @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String patientId,
            @Valid @RequestBody PreferencesRequest request, @AuthenticationPrincipal Jwt token) {
        UUID patient = UUID.fromString(patientId);
        check(token, patient, "notification.preferences.change", true);
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
        PatientProfile saved = notifications.changeProfile(patient, profile -> {
            profile.channels = List.copyOf(request.channels());
            if (request.quietHours() != null) {
                profile.quietStart = request.quietHours().start();
                profile.quietEnd = request.quietHours().end();
            }
        });
        return view(saved);
    }

    @PutMapping("/api/notifications/providers/{providerId}/contact")
    @PreAuthorize("hasRole('ADMIN')")
    ContactView setContact(@PathVariable @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String providerId,
            @Valid @RequestBody ContactRequest request, @AuthenticationPrincipal Jwt token) {
        if (request.email() == null && request.phone() == null) {
            throw ProblemException.invalid(List.of(new FieldError("email", "email or phone is required")));
        }
        String id = providerId.toLowerCase();
        ClinicianContact saved = outbox.update(() -> Optional.ofNullable(mongo.findById(id, ClinicianContact.class))
                .orElseGet(() -> {
                    ClinicianContact contact = new ClinicianContact();
                    contact.id = id;
                    return contact;
                }), contact -> {
                    contact.email = request.email();
                    contact.phone = request.phone();
                    contact.updatedAt = notifications.now();
                    contact.updatedBy = Caller.from(token).subject();
                    return List.of();
                });
        return new ContactView(saved.id, saved.email != null, saved.phone != null, saved.updatedAt);
    }

    @GetMapping("/api/notifications/alerts")
    @PreAuthorize("hasAnyRole('COORDINATOR','CLINICIAN')")
    List<NotificationView> undeliveredAlerts() {
        return mongo.find(Query.query(Criteria.where("recipient").is(Recipient.CLINICIAN)
                .and("status").in(Notification.Status.SCHEDULED, Notification.Status.SENDING))
                .with(Sort.by("dueAt")), Notification.class).stream().map(NotificationView::of).toList();
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

    /** The caller, when allowed; a patient reaching for another patient gets 404, anyone else refused 403. */
    private Caller check(Jwt token, UUID patient, String action, boolean change) {
        Caller caller = Caller.from(token);
        boolean self = caller.isPatient(patient.toString());
        boolean coordinator = caller.has(Role.COORDINATOR);
        boolean team = (caller.has(Role.CLINICIAN) || caller.has(Role.COACH)) && notifications.profile(patient)
                .map(p -> p.careTeam.contains(caller.subject().toLowerCase())).orElse(false);
        if (self || coordinator || !change && team) {
            return caller;
        }
        audit.record(caller.subject(), action, patient.toString(), AuditTrail.Outcome.DENIED);
        if (caller.has(Role.PATIENT)) {
            throw ProblemException.notFound("The patient");
        }
        throw ProblemException.forbidden("forbidden", "The caller is not allowed to do this for this patient.");
    }
}

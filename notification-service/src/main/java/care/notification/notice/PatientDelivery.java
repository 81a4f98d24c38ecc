package care.notification.notice;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import care.contracts.notification.Channel;
import care.contracts.notification.NotificationSuppressed;
import care.notification.policy.MessageTemplates;
import care.notification.policy.QuietHours;

/**
 * Sends a patient's message under the patient's rules: quiet hours defer a non-urgent message (or cancel an
 * appointment's reminder that could only go once the appointment has started), consent and the patient's
 * preferences choose the channel, and the text allowance sends the rest by email or suppresses it.
 */
@Component
class PatientDelivery {

    private static final Logger log = LoggerFactory.getLogger(PatientDelivery.class);
    /**
     * How long a patient's message waits for what intake has not reported yet. The patient's contact details and
     * consents come on intake's topics, the appointment on scheduling's: after an outage of the broker or of this
     * service they may arrive in either order, so a message whose patient is unknown, or has no contact details or
     * no consent on record yet, is tried again every {@link #PROFILE_RETRY} for this long after it was created
     * before it is suppressed. An explicit refusal (consent withdrawn, STOP) suppresses at once.
     */
    static final Duration PROFILE_WAIT = Duration.ofMinutes(15);
    static final Duration PROFILE_RETRY = Duration.ofSeconds(20);

    private final NotificationSettings settings;
    private final NotificationQueries queries;
    private final PatientProfiles profiles;
    private final MessageTemplates templates;
    private final Sender sender;

    PatientDelivery(NotificationSettings settings, NotificationQueries queries, PatientProfiles profiles,
            MessageTemplates templates, Sender sender) {
        this.settings = settings;
        this.queries = queries;
        this.profiles = profiles;
        this.templates = templates;
        this.sender = sender;
    }

    void deliver(Notification n, Instant now) {
        Optional<PatientProfile> found = queries.profile(n.patientId);
        if (found.isPresent() && found.get().erased) {
            sender.suppress(n, NotificationSuppressed.Reason.NO_CONTACT_DETAILS, now);
            return;
        }
        if (found.isEmpty() || found.get().notReportedYet()) {
            if (waitForProfile(n, now)) {
                return;
            }
            sender.suppress(n, found.isEmpty() || found.get().contactAt == null
                    ? NotificationSuppressed.Reason.NO_CONTACT_DETAILS : NotificationSuppressed.Reason.NO_CONSENT, now);
            return;
        }
        PatientProfile profile = found.get();
        ZoneId zone = profile.zone(settings.clinicTimeZone());
        QuietHours quiet = profile.quietHours(settings.quietHours());
        boolean aboutAppointment = n.appointmentStart != null;
        if (!n.urgent && quiet.covers(now, zone)) {
            Instant allowed = quiet.nextAllowed(now, zone);
            if (aboutAppointment && !allowed.isBefore(n.appointmentStart)) {
                n.cancel("QUIET_HOURS_UNTIL_START", now);
            } else {
                n.deferUntil(allowed);
            }
            sender.save(n, List.of());
            return;
        }
        if (aboutAppointment && !n.appointmentStart.isAfter(now)) {
            n.cancel("APPOINTMENT_STARTED", now);
            sender.save(n, List.of());
            return;
        }
        NotificationSuppressed.Reason refusal = null;
        Channel chosen = null;
        for (Channel channel : profile.channelsInOrder()) {
            NotificationSuppressed.Reason reason = refusal(profile, channel, n, zone, now);
            if (reason == null) {
                chosen = channel;
                break;
            }
            refusal = refusal == null ? reason : refusal;
        }
        if (chosen == null) {
            sender.suppress(n, refusal == null ? NotificationSuppressed.Reason.NO_CONSENT : refusal, now);
            return;
        }
        MessageTemplates.Message message = templates.render(n.purpose, n.recipient, chosen,
                new MessageTemplates.Context(n.appointmentStart, zone,
                        chosen == Channel.EMAIL ? profile.preferredName : null, n.patientId));
        sender.send(n, chosen, profile.address(chosen), message);
    }

    /** Why a patient's message may not go by this channel now, or null when it may. */
    private NotificationSuppressed.Reason refusal(PatientProfile profile, Channel channel, Notification n, ZoneId zone,
            Instant now) {
        if (!sender.offers(channel) || profile.address(channel) == null) {
            return NotificationSuppressed.Reason.NO_CONTACT_DETAILS;
        }
        if (!profile.consented(channel)) {
            return NotificationSuppressed.Reason.NO_CONSENT;
        }
        if (channel == Channel.SMS && profile.smsOptedOut) {
            return NotificationSuppressed.Reason.OPTED_OUT;
        }
        if (channel == Channel.SMS && !n.urgent) {
            return profiles.countText(n.patientId, n.id, settings.allowance(), zone, now).orElse(null);
        }
        return null;
    }

    /** Leaves the message waiting for the patient's profile while {@link #PROFILE_WAIT} lasts; false once it is over. */
    private boolean waitForProfile(Notification n, Instant now) {
        Instant created = n.createdAt == null ? now : n.createdAt;
        if (!now.isBefore(created.plus(PROFILE_WAIT))) {
            return false;
        }
        n.deferUntil(now.plus(PROFILE_RETRY), "PATIENT_PROFILE_NOT_YET_KNOWN");
        sender.save(n, List.of());
        log.info("notification {}: the patient's contact details or consents are not known yet; tried again at {}",
                n.id, n.nextAttemptAt);
        return true;
    }
}

package care.notification.notice;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import java.util.Optional;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.intake.ConsentRecorded;
import care.contracts.intake.PatientContactChanged;
import care.contracts.notification.Channel;
import care.contracts.notification.NotificationSuppressed;
import care.kit.domain.Aggregate;
import care.notification.policy.QuietHours;
import care.notification.policy.SmsAllowance;

/**
 * What this service knows about one patient, from intake's restricted contacts topic and its consents, the
 * patient's own preferences and the text messages already sent (for the daily and weekly limits). Who may
 * read the patient's notifications, and whom alerts about the patient go to, follows the care team (service-kit's
 * projection of intake's care-team topic), not this document. The contact details are PHI: they are read only to
 * address a message and never leave this document except to the provider.
 * <p>
 * Its annotations say how it is stored: the collection and the index a reply finds the number by.
 */
@Aggregate
@Document("patients")
// A reply (STOP, START) finds the patient by number. Unnamed: the store names it from its key, as it always has.
@CompoundIndex(def = "{'phone': 1}", sparse = true)
public class PatientProfile {

    /** A consent as intake last reported it. */
    public static class Consent {
        ConsentRecorded.Status status;
        Instant at;
    }

    /** A non-urgent text message counted against the limits. */
    public static class TextSent {
        UUID notificationId;
        Instant at;
    }

    @Id
    String id;
    @Version
    Long version;
    String email;
    String phone;
    String timeZone;
    String preferredName;
    boolean erased;
    Instant contactAt;
    Consent smsConsent;
    Consent emailConsent;
    boolean smsOptedOut;
    Instant smsOptedOutAt;
    /** The patient's channels in order of preference; null: text first, then email. */
    List<Channel> channels;
    String quietStart;
    String quietEnd;
    List<TextSent> textsSent = new ArrayList<>();

    PatientProfile() {
    }

    static PatientProfile empty(UUID patientId) {
        PatientProfile profile = new PatientProfile();
        profile.id = patientId.toString();
        return profile;
    }

    /** Applies a contact change unless a newer one is already applied. */
    void apply(PatientContactChanged change) {
        if (contactAt != null && change.occurredAt().isBefore(contactAt)) {
            return;
        }
        contactAt = change.occurredAt();
        erased = change.erased();
        email = change.email();
        phone = change.phone();
        timeZone = change.timeZone();
        preferredName = change.preferredName();
        if (change.erased()) {
            channels = null;
            quietStart = null;
            quietEnd = null;
            textsSent = new ArrayList<>();
        }
    }

    /**
     * True while intake has not reported this patient's contact details, or any consent about messages: a message
     * waits rather than being suppressed (see {@link PatientDelivery#PROFILE_WAIT}).
     */
    boolean notReportedYet() {
        return contactAt == null || (smsConsent == null && emailConsent == null);
    }

    /** Applies an SMS or email consent unless a newer one for the same scope is already applied. */
    void apply(ConsentRecorded consent) {
        Consent current = consent.scope() == ConsentRecorded.Scope.SMS_MESSAGING ? smsConsent : emailConsent;
        if (current != null && consent.occurredAt().isBefore(current.at)) {
            return;
        }
        Consent next = new Consent();
        next.status = consent.status();
        next.at = consent.occurredAt();
        if (consent.scope() == ConsentRecorded.Scope.SMS_MESSAGING) {
            smsConsent = next;
            if (consent.status() == ConsentRecorded.Status.ACTIVE && smsOptedOutAt != null
                    && consent.occurredAt().isAfter(smsOptedOutAt)) {
                // A new consent given after a STOP is the patient opting back in.
                smsOptedOut = false;
            }
        } else {
            emailConsent = next;
        }
    }

    /** The patient's own choice: channels in order of preference and, when given, their quiet hours. */
    void prefer(List<Channel> inOrder, String quietFrom, String quietTo) {
        channels = List.copyOf(inOrder);
        if (quietFrom != null) {
            quietStart = quietFrom;
            quietEnd = quietTo;
        }
    }

    /** A reply from {@code number}: STOP opts this number out of texts, START back in (another number: nothing). */
    void replied(String number, boolean stop, Instant now) {
        if (number.equals(phone)) {
            smsOptedOut = stop;
            smsOptedOutAt = now;
        }
    }

    /** The channel a message is expected to go by, as far as is known now (decided when sent). */
    Channel plannedChannel() {
        return channelsInOrder().stream()
                .filter(c -> consented(c) && address(c) != null && !(c == Channel.SMS && smsOptedOut))
                .findFirst().orElse(Channel.EMAIL);
    }

    /**
     * Counts the non-urgent text {@code notificationId} at {@code now} against the patient's allowance, once, or
     * says which limit stops it.
     */
    Optional<NotificationSuppressed.Reason> countText(UUID notificationId, SmsAllowance allowance, ZoneId zone,
            Instant now) {
        if (textCounted(notificationId)) {
            return Optional.empty();
        }
        Optional<NotificationSuppressed.Reason> refused = allowance.refusal(textTimes(), now, zone);
        if (refused.isEmpty()) {
            countText(notificationId, now);
        }
        return refused;
    }

    boolean consented(Channel channel) {
        Consent consent = switch (channel) {
            case SMS -> smsConsent;
            case EMAIL -> emailConsent;
            case PUSH -> null;
        };
        return consent != null && consent.status == ConsentRecorded.Status.ACTIVE;
    }

    String address(Channel channel) {
        return switch (channel) {
            case SMS -> phone;
            case EMAIL -> email;
            case PUSH -> null;
        };
    }

    List<Channel> channelsInOrder() {
        return channels == null || channels.isEmpty() ? List.of(Channel.SMS, Channel.EMAIL) : channels;
    }

    ZoneId zone(ZoneId fallback) {
        return timeZone == null ? fallback : ZoneId.of(timeZone);
    }

    QuietHours quietHours(QuietHours fallback) {
        return quietStart == null ? fallback : new QuietHours(LocalTime.parse(quietStart), LocalTime.parse(quietEnd));
    }

    List<Instant> textTimes() {
        return textsSent.stream().map(t -> t.at).toList();
    }

    boolean textCounted(UUID notificationId) {
        return textsSent.stream().anyMatch(t -> t.notificationId.equals(notificationId));
    }

    /** Counts a text against the limits, forgetting those too old to matter for them. */
    void countText(UUID notificationId, Instant at) {
        textsSent.removeIf(t -> t.at.isBefore(at.minus(8, ChronoUnit.DAYS)));
        TextSent sent = new TextSent();
        sent.notificationId = notificationId;
        sent.at = at;
        textsSent.add(sent);
    }
}

package care.notification.notice;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;

import care.contracts.intake.ConsentRecorded;
import care.contracts.intake.PatientContactChanged;
import care.contracts.notification.Channel;
import care.contracts.notification.NotificationSuppressed;
import care.kit.outbox.Outbox;
import care.notification.policy.SmsAllowance;

/**
 * Each patient's profile: the contact details and consents intake reports, the patient's own preferences, their
 * STOP and START replies, and the texts counted against their allowance. A profile is started by whichever of these
 * comes first.
 */
@Service
public class PatientProfiles {

    private final Outbox outbox;
    private final NotificationQueries queries;

    PatientProfiles(Outbox outbox, NotificationQueries queries) {
        this.outbox = outbox;
        this.queries = queries;
    }

    void onContactChanged(PatientContactChanged change) {
        change(change.patientId(), profile -> profile.apply(change));
    }

    void onConsent(ConsentRecorded consent) {
        if (consent.scope() == ConsentRecorded.Scope.SMS_MESSAGING
                || consent.scope() == ConsentRecorded.Scope.EMAIL_MESSAGING) {
            change(consent.patientId(), profile -> profile.apply(consent));
        }
    }

    /** The patient's channels in order of preference and, when given, quiet hours ({@code HH:mm}). */
    PatientProfile prefer(UUID patientId, List<Channel> channels, String quietStart, String quietEnd) {
        return change(patientId, profile -> profile.prefer(channels, quietStart, quietEnd));
    }

    /** A reply from {@code number}: STOP opts it out of texts, START back in; false when no patient has it. */
    boolean replied(String number, boolean stop, Instant now) {
        List<UUID> owners = queries.patientsWithPhone(number);
        for (UUID owner : owners) {
            change(owner, profile -> profile.replied(number, stop, now));
        }
        return !owners.isEmpty();
    }

    /**
     * Counts a non-urgent text against the patient's allowance (once per notification, however often it is tried),
     * or says which limit stops it.
     */
    Optional<NotificationSuppressed.Reason> countText(UUID patientId, UUID notificationId, SmsAllowance allowance,
            ZoneId zone, Instant now) {
        @SuppressWarnings("unchecked")
        Optional<NotificationSuppressed.Reason>[] refused = new Optional[] { Optional.empty() };
        outbox.update(() -> queries.profile(patientId).orElseThrow(), profile -> {
            if (profile.textCounted(notificationId)) {
                refused[0] = Optional.empty();
                return null;
            }
            refused[0] = profile.countText(notificationId, allowance, zone, now);
            return refused[0].isPresent() ? null : List.of();
        });
        return refused[0];
    }

    /** Reads (or starts) the patient's profile, changes it and saves it, again on a concurrent change. */
    private PatientProfile change(UUID patientId, Consumer<PatientProfile> change) {
        return outbox.upsert(() -> queries.profile(patientId), () -> PatientProfile.empty(patientId), profile -> {
            change.accept(profile);
            return List.of();
        });
    }
}

package care.contracts.intake;

import static care.contracts.Invariants.check;
import static care.contracts.Invariants.envelope;

import care.contracts.CareEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The latest contact details of a patient, published only on the compacted, restricted
 * {@link care.contracts.Topics#PATIENT_CONTACTS} topic that the notification service reads. It is the only
 * event that carries personal data; {@link #toString()} masks it so the event can be logged.
 *
 * <p><b>Erasure.</b> When a patient's contact details must be forgotten, intake publishes
 * {@link #erasure(UUID, UUID, Instant)}: {@code erased = true} and every personal field {@code null}. As the
 * topic is compacted by patient id, compaction then discards every earlier value for that patient, and
 * consumers delete their copy when they read it. Intake may afterwards publish a Kafka tombstone (same key,
 * null value) to drop the key itself; consumers treat a tombstone exactly like an erasure.
 *
 * @param erased        the contact details were erased; all personal fields are then {@code null}
 * @param email         email address, or {@code null} if the patient has none
 * @param phone         mobile number in E.164 form such as {@code +14155550123}, or {@code null}
 * @param timeZone      IANA time zone such as {@code America/Chicago}, for quiet hours and local times
 * @param preferredName how greetings address the patient, or {@code null} for a neutral greeting
 */
public record PatientContactChanged(UUID eventId, UUID patientId, Instant occurredAt, boolean erased,
                                    String email, String phone, String timeZone, String preferredName)
        implements CareEvent {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final int MAX_PREFERRED_NAME_LENGTH = 100;

    public PatientContactChanged {
        envelope(eventId, patientId, occurredAt);
        if (erased) {
            check(email == null && phone == null && timeZone == null && preferredName == null,
                    "an erasure carries no contact details");
        } else {
            check(email != null || phone != null, "email or phone is required");
            check(email == null || email.length() <= MAX_EMAIL_LENGTH && EMAIL.matcher(email).matches(),
                    "email is not a valid address");
            check(phone == null || E164.matcher(phone).matches(), "phone must be in E.164 form");
            check(timeZone != null && ZoneId.getAvailableZoneIds().contains(timeZone),
                    "timeZone must be an IANA time zone id");
            check(preferredName == null
                            || !preferredName.isBlank() && preferredName.length() <= MAX_PREFERRED_NAME_LENGTH,
                    "preferredName must be 1 to " + MAX_PREFERRED_NAME_LENGTH + " characters");
        }
    }

    /** The erasure of a patient's contact details (see the class comment). */
    public static PatientContactChanged erasure(UUID eventId, UUID patientId, Instant occurredAt) {
        return new PatientContactChanged(eventId, patientId, occurredAt, true, null, null, null, null);
    }

    /** Masks the personal fields. */
    @Override
    public String toString() {
        return "PatientContactChanged[eventId=" + eventId + ", patientId=" + patientId + ", occurredAt="
                + occurredAt + ", erased=" + erased + ", email=" + mask(email) + ", phone=" + mask(phone)
                + ", timeZone=" + mask(timeZone) + ", preferredName=" + mask(preferredName) + "]";
    }

    private static String mask(String value) {
        return value == null ? "null" : "***";
    }
}

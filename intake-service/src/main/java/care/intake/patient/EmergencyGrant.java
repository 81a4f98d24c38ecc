package care.intake.patient;

import java.time.Instant;

/**
 * A clinician's emergency access ("break the glass"): care-team-level access until {@code expiresAt}, or until
 * {@code endedAt} when a coordinator ended it early. The reason stays here, for the patient's access log.
 */
public record EmergencyGrant(String grantId, String staffId, String reason, Instant grantedAt, Instant expiresAt,
        Instant endedAt) {

    /** When the access ends, or ended. */
    public Instant endsAt() {
        return endedAt != null && endedAt.isBefore(expiresAt) ? endedAt : expiresAt;
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(endsAt());
    }

    EmergencyGrant endedAt(Instant now) {
        return new EmergencyGrant(grantId, staffId, reason, grantedAt, expiresAt, now);
    }
}

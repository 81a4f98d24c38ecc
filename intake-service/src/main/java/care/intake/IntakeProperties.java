package care.intake;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Settings of the intake service ({@code care.intake.*}).
 *
 * @param programId               the program patients register for (a clinic's program of 4–8 sessions)
 * @param consentFormVersion      the version of the consent forms patients are shown
 * @param eligibilityRules        the eligibility rule set in force: a versioned file the medical director owns
 * @param emergencyAccessDuration how long an emergency access ("break the glass") lasts once opened
 * @param screeningsPerDay        how many screenings a patient may submit in any 24 hours
 */
@ConfigurationProperties("care.intake")
public record IntakeProperties(UUID programId, String consentFormVersion, Resource eligibilityRules,
        @DefaultValue("PT60M") Duration emergencyAccessDuration, @DefaultValue("10") int screeningsPerDay) {

    public IntakeProperties {
        if (emergencyAccessDuration.isNegative() || emergencyAccessDuration.isZero()) {
            throw new IllegalArgumentException("care.intake.emergency-access-duration must be positive");
        }
        if (screeningsPerDay < 1) {
            throw new IllegalArgumentException("care.intake.screenings-per-day must be at least 1");
        }
    }
}

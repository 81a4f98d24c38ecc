package care.intake;

import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * Settings of the intake service ({@code care.intake.*}).
 *
 * @param programId          the program patients register for (a clinic's program of 4–8 sessions)
 * @param consentFormVersion the version of the consent forms patients are shown
 * @param eligibilityRules   the eligibility rule set in force: a versioned file the medical director owns
 */
@ConfigurationProperties("care.intake")
public record IntakeProperties(UUID programId, String consentFormVersion, Resource eligibilityRules) {
}

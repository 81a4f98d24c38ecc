package care.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

import care.contracts.scheduling.AppointmentKind;
import care.scheduling.pacing.PacingPolicy;

/**
 * The clinic's numbers as shipped in application.yml bind to the {@link PacingPolicy} the rules read (no Spring
 * context: the binder alone), and are the seed program's.
 */
class ClinicSettingsTest {

    @Test
    void applicationYmlBindsThePacingPolicy() throws IOException {
        Binder binder = new Binder(ConfigurationPropertySources.from(new YamlPropertySourceLoader()
                .load("application", new ClassPathResource("application.yml"))));

        PacingPolicy policy = binder.bind("care.scheduling.pacing", PacingPolicy.class).get();

        assertThat(policy).isEqualTo(PacingPolicy.defaults());
        assertThat(policy.minimumGapBetweenDosing()).isEqualTo(Duration.ofHours(48));
        assertThat(policy.maxDosingPerRollingWindow()).isEqualTo(2);
        assertThat(policy.rollingWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(policy.durationOf(AppointmentKind.DOSING_SESSION)).isEqualTo(Duration.ofMinutes(180));
        assertThat(policy.integrationCoachingFrom()).isEqualTo(Duration.ofHours(24));
        assertThat(policy.integrationCoachingUntil()).isEqualTo(Duration.ofHours(72));
    }
}

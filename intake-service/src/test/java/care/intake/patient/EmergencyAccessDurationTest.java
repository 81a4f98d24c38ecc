package care.intake.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import care.contracts.intake.EmergencyAccessGranted;

/** Emergency access lasts the clinic's {@code care.intake.emergency-access-duration}, not a millisecond longer. */
class EmergencyAccessDurationTest {

    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    @Test
    void accessEndsWhenTheClinicsDurationHasPassed() {
        Patient patient = new Patient();
        patient.id = UUID.randomUUID().toString();
        CareTeamChanges changes = new CareTeamChanges(patient, NOW);
        String clinician = UUID.randomUUID().toString();
        EmergencyGrant grant = changes.openEmergencyAccess(UUID.randomUUID().toString(), clinician, "unreachable",
                Duration.ofMinutes(45));
        assertThat(grant.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(45)));
        assertThat(grant.activeAt(NOW.plus(Duration.ofMinutes(45)).minusMillis(1))).isTrue();
        assertThat(grant.activeAt(NOW.plus(Duration.ofMinutes(45)))).isFalse();
        assertThat(changes.events()).filteredOn(EmergencyAccessGranted.class::isInstance).singleElement()
                .satisfies(event -> assertThat(((EmergencyAccessGranted) event).expiresAt()).isEqualTo(grant.expiresAt()));
    }
}

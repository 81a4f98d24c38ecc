package care.intake.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.contracts.intake.Contraindication;
import care.contracts.intake.Contraindication.Severity;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class EligibilityRulesTest {

    static Map<Contraindication, Severity> defaultSeverities() {
        Map<Contraindication, Severity> severities = new EnumMap<>(Contraindication.class);
        for (Contraindication code : Contraindication.values()) {
            severities.put(code, code.defaultSeverity());
        }
        return severities;
    }

    static EligibilityRules rules(String version, int minSessions, int maxSessions,
                                  Map<Contraindication, Severity> severities) {
        return new EligibilityRules(version, 18, 10, 10, 140, 90, minSessions, maxSessions, severities);
    }

    @ParameterizedTest(name = "version \"{0}\" is accepted")
    @ValueSource(strings = {"1.0", "1.2.3", "2026.12"})
    void wellFormedVersionsAreAccepted(String version) {
        assertThat(rules(version, 4, 8, defaultSeverities()).version()).isEqualTo(version);
    }

    @ParameterizedTest(name = "version \"{0}\" is rejected")
    @NullSource
    @ValueSource(strings = {"", "1", "v1.0", "1.0.0.0", "1.0-beta", "12345.0"})
    void malformedVersionsAreRejected(String version) {
        assertThatIllegalArgumentException().isThrownBy(() -> rules(version, 4, 8, defaultSeverities()))
                .withMessageStartingWith("version must match");
    }

    @Test
    void plannedSessionsMayNarrowButNotWidenTheContractRange() {
        assertThat(rules("1.0", 5, 6, defaultSeverities()).minPlannedSessions()).isEqualTo(5);
        assertThatIllegalArgumentException().isThrownBy(() -> rules("1.0", 3, 8, defaultSeverities()))
                .withMessage("minPlannedSessions must be between 4 and 8");
        assertThatIllegalArgumentException().isThrownBy(() -> rules("1.0", 4, 9, defaultSeverities()))
                .withMessage("maxPlannedSessions must be between 4 and 8");
        assertThatIllegalArgumentException().isThrownBy(() -> rules("1.0", 6, 5, defaultSeverities()))
                .withMessage("minPlannedSessions must not exceed maxPlannedSessions");
    }

    @Test
    void thresholdsOutsideTheInstrumentsOrPlausibleReadingsAreRejected() {
        Map<Contraindication, Severity> s = defaultSeverities();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EligibilityRules("1.0", 17, 10, 10, 140, 90, 4, 8, s))
                .withMessage("minimumAgeYears must be between 18 and 120");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EligibilityRules("1.0", 18, 22, 10, 140, 90, 4, 8, s))
                .withMessage("gad7InclusionAtLeast must be between 0 and 21");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EligibilityRules("1.0", 18, 10, 28, 140, 90, 4, 8, s))
                .withMessage("phq9InclusionAtLeast must be between 0 and 27");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EligibilityRules("1.0", 18, 10, 10, 1400, 90, 4, 8, s))
                .withMessage("systolicAbove must be between 80 and 250");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EligibilityRules("1.0", 18, 10, 10, 140, 151, 4, 8, s))
                .withMessage("diastolicAbove must be between 40 and 150");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EligibilityRules("1.0", 18, 10, 10, 90, 140, 4, 8, s))
                .withMessage("diastolicAbove must be below systolicAbove");
    }

    @Test
    void severitiesMustCoverEveryCodeAndAreCopied() {
        Map<Contraindication, Severity> incomplete = defaultSeverities();
        incomplete.remove(Contraindication.RESPIRATORY_ILLNESS);
        assertThatIllegalArgumentException().isThrownBy(() -> rules("1.0", 4, 8, incomplete))
                .withMessage("severities must cover every contraindication; missing [RESPIRATORY_ILLNESS]");

        Map<Contraindication, Severity> withNull = new HashMap<>(defaultSeverities());
        withNull.put(Contraindication.RESPIRATORY_ILLNESS, null);
        assertThatIllegalArgumentException().isThrownBy(() -> rules("1.0", 4, 8, withNull))
                .withMessage("severities must not hold null codes or severities");
        assertThatIllegalArgumentException().isThrownBy(() -> rules("1.0", 4, 8, null))
                .withMessage("severities is required");

        Map<Contraindication, Severity> source = defaultSeverities();
        EligibilityRules rules = rules("1.0", 4, 8, source);
        source.put(Contraindication.UNDER_18, Severity.RELATIVE);
        assertThat(rules.severityOf(Contraindication.UNDER_18)).isEqualTo(Severity.ABSOLUTE);
        assertThatThrownBy(() -> rules.severities().put(Contraindication.UNDER_18, Severity.RELATIVE))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}

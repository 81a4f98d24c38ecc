package care.intake.config;

import care.intake.eligibility.EligibilityRules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import care.contracts.intake.Contraindication;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class EligibilityRulesFileTest {

    @Test
    void defaultRuleSetLoadsAsVersion10WithTheDomainDefaults() {
        EligibilityRules rules = EligibilityRulesFile.readDefault();

        assertThat(rules.version()).isEqualTo("1.0");
        assertThat(rules.minimumAgeYears()).isEqualTo(18);
        assertThat(rules.gad7InclusionAtLeast()).isEqualTo(10);
        assertThat(rules.phq9InclusionAtLeast()).isEqualTo(10);
        assertThat(rules.systolicAbove()).isEqualTo(140);
        assertThat(rules.diastolicAbove()).isEqualTo(90);
        assertThat(rules.minPlannedSessions()).isEqualTo(4);
        assertThat(rules.maxPlannedSessions()).isEqualTo(8);
    }

    @Test
    void defaultRuleSetCoversEveryCodeWithTheContractDefaultSeverity() {
        EligibilityRules rules = EligibilityRulesFile.readDefault();

        assertThat(rules.severities().keySet()).isEqualTo(EnumSet.allOf(Contraindication.class));
        for (Contraindication code : Contraindication.values()) {
            assertThat(rules.severityOf(code)).as(code.name()).isEqualTo(code.defaultSeverity());
        }
    }

    @Test
    void unknownCodeIsRejectedByPosition() {
        String broken = defaultJson().replace("\"RESPIRATORY_ILLNESS\"", "\"RESPIRATORY_ILNESS\"");

        assertThatIllegalArgumentException().isThrownBy(() -> read(broken))
                .withMessage("relative[2] is an unknown contraindication code 'RESPIRATORY_ILNESS'");
    }

    @Test
    void missingVersionIsRejected() {
        String broken = defaultJson().replace("\"version\": \"1.0\",", "");

        assertThatIllegalArgumentException().isThrownBy(() -> read(broken))
                .withMessage("eligibility rules need a string 'version'");
    }

    @Test
    void badlyFormattedVersionIsRejected() {
        String broken = defaultJson().replace("\"version\": \"1.0\"", "\"version\": \"v1\"");

        assertThatIllegalArgumentException().isThrownBy(() -> read(broken)).withMessageStartingWith("version must match");
    }

    @Test
    void missingNumberIsRejected() {
        String broken = defaultJson().replace("\"systolicAbove\": 140,", "");

        assertThatIllegalArgumentException().isThrownBy(() -> read(broken))
                .withMessage("eligibility rules need an integer 'systolicAbove'");
    }

    @Test
    void codeMissingFromBothArraysIsRejected() {
        String broken = defaultJson().replace(",\n    \"SELF_HARM_THOUGHTS_REVIEWED\"", "");

        assertThatIllegalArgumentException().isThrownBy(() -> read(broken))
                .withMessage("severities must cover every contraindication; missing [SELF_HARM_THOUGHTS_REVIEWED]");
    }

    @Test
    void codeListedTwiceIsRejected() {
        String broken = defaultJson().replace("\"RESPIRATORY_ILLNESS\"", "\"UNDER_18\"");

        assertThatIllegalArgumentException().isThrownBy(() -> read(broken))
                .withMessage("relative[2] lists UNDER_18 a second time");
    }

    @Test
    void unknownFieldAndRepeatedKeyAreRejected() {
        String typo = defaultJson().replace("\"relative\":", "\"relativ\": [], \"relative\":");
        String repeated = defaultJson().replace("\"relative\":", "\"relative\": [], \"relative\":");

        assertThatIllegalArgumentException().isThrownBy(() -> read(typo))
                .withMessage("eligibility rules have an unknown field 'relativ'");
        assertThatIllegalArgumentException().isThrownBy(() -> read(repeated))
                .withMessageStartingWith("eligibility rules are not valid JSON");
    }

    @Test
    void malformedInputIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> read("{\"version\": "))
                .withMessageStartingWith("eligibility rules are not valid JSON");
        assertThatIllegalArgumentException().isThrownBy(() -> read("[]"))
                .withMessage("eligibility rules must be a JSON object");
        assertThatIllegalArgumentException().isThrownBy(() -> read(""))
                .withMessageStartingWith("eligibility rules");
        assertThatIllegalArgumentException().isThrownBy(() -> EligibilityRulesFile.read(null));
    }

    private static EligibilityRules read(String json) {
        return EligibilityRulesFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String defaultJson() {
        try (InputStream in = EligibilityRulesFile.class.getResourceAsStream(EligibilityRulesFile.DEFAULT_RESOURCE)) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // Guard the string surgery above: each test relies on the default read succeeding unchanged.
            read(json);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package care.intake.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import care.contracts.intake.Contraindication;
import care.contracts.intake.ContraindicationFinding;
import care.intake.config.EligibilityRulesFile;
import care.intake.screening.ScreeningScore;

/**
 * Every number of the eligibility rule set is the clinic's (its rules file): with other numbers than the default
 * rule set, each check moves to them, just inside passing and just outside refused.
 */
class ClinicRuleSetTest {

    /** Age 21, inclusion at GAD-7 or PHQ-9 12, blood pressure above 150/95, 5 to 6 planned sessions. */
    static final EligibilityRules CLINIC = new EligibilityRules("2.1", 21, 12, 12, 150, 95, 5, 6,
            EligibilityRulesFile.readDefault().severities());
    static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    static final LocalDate ADULT = TODAY.minusYears(40);

    private static List<ContraindicationFinding> findings(LocalDate dateOfBirth, int systolic, int diastolic) {
        return EligibilityAssessment.findings(CLINIC, dateOfBirth, TODAY, Set.of(), systolic, diastolic, false);
    }

    private static Optional<ApprovalRefusal> approval(int gad7, int phq9, int plannedSessions) {
        return EligibilityAssessment.checkApproval(CLINIC, findings(ADULT, 120, 80), ScreeningScore.of(gad7, phq9, false),
                plannedSessions, false);
    }

    @Test
    void plannedSessionsWithinTheClinicsRange() {
        assertThat(approval(15, 0, 4)).contains(ApprovalRefusal.PLANNED_SESSIONS_OUT_OF_RANGE);
        assertThat(approval(15, 0, 5)).isEmpty();
        assertThat(approval(15, 0, 6)).isEmpty();
        assertThat(approval(15, 0, 7)).contains(ApprovalRefusal.PLANNED_SESSIONS_OUT_OF_RANGE);
    }

    @Test
    void inclusionAtTheClinicsThresholds() {
        assertThat(approval(11, 11, 5)).contains(ApprovalRefusal.INCLUSION_NOT_MET);
        assertThat(approval(12, 0, 5)).isEmpty();
        assertThat(approval(0, 12, 5)).isEmpty();
    }

    @Test
    void bloodPressureAboveTheClinicsLimits() {
        assertThat(findings(ADULT, 150, 95)).isEmpty();
        assertThat(findings(ADULT, 151, 95)).extracting(ContraindicationFinding::code)
                .containsExactly(Contraindication.ELEVATED_BLOOD_PRESSURE);
        assertThat(findings(ADULT, 150, 96)).extracting(ContraindicationFinding::code)
                .containsExactly(Contraindication.ELEVATED_BLOOD_PRESSURE);
    }

    @Test
    void minimumAgeIsTheClinics() {
        assertThat(findings(TODAY.minusYears(21), 120, 80)).isEmpty();
        assertThat(findings(TODAY.minusYears(21).plusDays(1), 120, 80)).extracting(ContraindicationFinding::code)
                .containsExactly(Contraindication.UNDER_18);
    }

    @Test
    void anAbsoluteContraindicationRefusesARelativeOneNeedsARationale() {
        Contraindication absolute = CLINIC.severities().entrySet().stream()
                .filter(entry -> entry.getValue() == Contraindication.Severity.ABSOLUTE).findFirst().orElseThrow()
                .getKey();
        List<ContraindicationFinding> blocked = List.of(new ContraindicationFinding(absolute,
                Contraindication.Severity.ABSOLUTE));
        assertThat(EligibilityAssessment.checkApproval(CLINIC, blocked, ScreeningScore.of(15, 0, false), 5, true))
                .contains(ApprovalRefusal.ABSOLUTE_CONTRAINDICATION);
        List<ContraindicationFinding> elevated = findings(ADULT, 151, 80);
        assertThat(EligibilityAssessment.checkApproval(CLINIC, elevated, ScreeningScore.of(15, 0, false), 5, false))
                .contains(ApprovalRefusal.RATIONALE_REQUIRED);
        assertThat(EligibilityAssessment.checkApproval(CLINIC, elevated, ScreeningScore.of(15, 0, false), 5, true))
                .isEmpty();
    }
}

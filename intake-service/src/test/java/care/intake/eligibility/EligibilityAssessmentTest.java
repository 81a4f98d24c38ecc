package care.intake.eligibility;

import care.intake.config.EligibilityRulesFile;

import static care.contracts.intake.Contraindication.ELEVATED_BLOOD_PRESSURE;
import static care.contracts.intake.Contraindication.KETAMINE_HYPERSENSITIVITY;
import static care.contracts.intake.Contraindication.PREGNANT_OR_NURSING;
import static care.contracts.intake.Contraindication.RESPIRATORY_ILLNESS;
import static care.contracts.intake.Contraindication.SELF_HARM_THOUGHTS_REVIEWED;
import static care.contracts.intake.Contraindication.UNDER_18;
import static care.contracts.intake.Contraindication.Severity.ABSOLUTE;
import static care.contracts.intake.Contraindication.Severity.RELATIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import care.contracts.intake.Contraindication;
import care.contracts.intake.Contraindication.Severity;
import care.contracts.intake.ContraindicationFinding;
import care.intake.screening.ScreeningScore;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EligibilityAssessmentTest {

    private static final EligibilityRules RULES = EligibilityRulesFile.readDefault();
    private static final LocalDate ADULT = LocalDate.of(1990, 6, 15);
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
    /** Meets inclusion (GAD-7 moderate) with a negative item 9. */
    private static final ScreeningScore INCLUDED = ScreeningScore.of(12, 6, false);

    private static List<ContraindicationFinding> findings(LocalDate dateOfBirth, LocalDate today,
                                                          Set<Contraindication> reported, int systolic,
                                                          int diastolic, boolean item9) {
        return EligibilityAssessment.findings(RULES, dateOfBirth, today, reported, systolic, diastolic, item9);
    }

    private static List<Contraindication> codes(List<ContraindicationFinding> findings) {
        return findings.stream().map(ContraindicationFinding::code).toList();
    }

    static Stream<Contraindication> absoluteCodes() {
        return Arrays.stream(Contraindication.values()).filter(code -> RULES.severityOf(code) == ABSOLUTE);
    }

    static Stream<Contraindication> relativeCodes() {
        return Arrays.stream(Contraindication.values()).filter(code -> RULES.severityOf(code) == RELATIVE);
    }

    @Test
    void reportableConditionsAreAllButTheDerivedCodes() {
        assertThat(EligibilityAssessment.REPORTABLE_CONDITIONS)
                .hasSize(Contraindication.values().length - 3)
                .doesNotContain(UNDER_18, ELEVATED_BLOOD_PRESSURE, SELF_HARM_THOUGHTS_REVIEWED)
                .contains(PREGNANT_OR_NURSING, RESPIRATORY_ILLNESS);
    }

    @Nested
    class Age {

        @Test
        void turnsEighteenOnTheBirthday() {
            LocalDate born = LocalDate.of(2008, 11, 27);

            assertThat(EligibilityAssessment.ageOn(born, LocalDate.of(2026, 11, 26))).isEqualTo(17);
            assertThat(EligibilityAssessment.ageOn(born, LocalDate.of(2026, 11, 27))).isEqualTo(18);
            assertThat(codes(findings(born, LocalDate.of(2026, 11, 26), Set.of(), 120, 80, false)))
                    .containsExactly(UNDER_18);
            assertThat(findings(born, LocalDate.of(2026, 11, 27), Set.of(), 120, 80, false)).isEmpty();
        }

        @Test
        void leapDayBirthTurnsEighteenOnTheFirstOfMarchInACommonYear() {
            LocalDate born = LocalDate.of(2008, 2, 29);

            assertThat(EligibilityAssessment.ageOn(born, LocalDate.of(2026, 2, 28))).isEqualTo(17);
            assertThat(EligibilityAssessment.ageOn(born, LocalDate.of(2026, 3, 1))).isEqualTo(18);
            assertThat(codes(findings(born, LocalDate.of(2026, 2, 28), Set.of(), 120, 80, false)))
                    .containsExactly(UNDER_18);
            assertThat(findings(born, LocalDate.of(2026, 3, 1), Set.of(), 120, 80, false)).isEmpty();
        }

        @Test
        void periodSemanticsAroundLeapDays() {
            LocalDate born = LocalDate.of(2010, 2, 28);
            LocalDate leapBorn = LocalDate.of(2012, 2, 29);

            assertThat(EligibilityAssessment.ageOn(born, LocalDate.of(2028, 2, 28))).isEqualTo(18);
            assertThat(EligibilityAssessment.ageOn(leapBorn, LocalDate.of(2030, 2, 28))).isEqualTo(17);
            assertThat(EligibilityAssessment.ageOn(LocalDate.of(2000, 2, 29), LocalDate.of(2020, 2, 29)))
                    .isEqualTo(20);
        }

        @Test
        void birthAfterTheDayIsRejected() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> EligibilityAssessment.ageOn(TODAY.plusDays(1), TODAY))
                    .withMessage("dateOfBirth must not be after the day of assessment");
            assertThatIllegalArgumentException().isThrownBy(() -> EligibilityAssessment.ageOn(null, TODAY));
            assertThatIllegalArgumentException().isThrownBy(() -> EligibilityAssessment.ageOn(ADULT, null));
        }
    }

    @Nested
    class BloodPressure {

        @Test
        void exactly140Over90IsNotAbove() {
            assertThat(findings(ADULT, TODAY, Set.of(), 140, 90, false)).isEmpty();
        }

        @ParameterizedTest(name = "{0}/{1} is elevated")
        @CsvSource({"141, 90", "140, 91", "180, 110"})
        void aboveEitherLimitIsARelativeFinding(int systolic, int diastolic) {
            assertThat(findings(ADULT, TODAY, Set.of(), systolic, diastolic, false))
                    .containsExactly(new ContraindicationFinding(ELEVATED_BLOOD_PRESSURE, RELATIVE));
        }

        @ParameterizedTest(name = "{0}/{1} is not a plausible reading")
        @CsvSource(delimiter = '|', value = {
                "39  | 80  | systolic must be between 40 and 300",
                "301 | 80  | systolic must be between 40 and 300",
                "120 | 19  | diastolic must be between 20 and 200",
                "120 | 201 | diastolic must be between 20 and 200"})
        void implausibleReadingsAreRejectedWithoutEchoingThem(int systolic, int diastolic, String message) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> findings(ADULT, TODAY, Set.of(), systolic, diastolic, false))
                    .withMessage(message);
        }
    }

    @Nested
    class Findings {

        @Test
        void positiveItem9IsTheSelfHarmFinding() {
            assertThat(findings(ADULT, TODAY, Set.of(), 120, 80, true))
                    .containsExactly(new ContraindicationFinding(SELF_HARM_THOUGHTS_REVIEWED, RELATIVE));
        }

        @Test
        void reportedAndDerivedFindingsComeInEnumOrderWithTheRuleSetSeverity() {
            Set<Contraindication> reported = new LinkedHashSet<>(List.of(RESPIRATORY_ILLNESS, PREGNANT_OR_NURSING));

            assertThat(findings(LocalDate.of(2010, 1, 1), TODAY, reported, 150, 80, true)).containsExactly(
                    new ContraindicationFinding(UNDER_18, ABSOLUTE),
                    new ContraindicationFinding(PREGNANT_OR_NURSING, ABSOLUTE),
                    new ContraindicationFinding(ELEVATED_BLOOD_PRESSURE, RELATIVE),
                    new ContraindicationFinding(RESPIRATORY_ILLNESS, RELATIVE),
                    new ContraindicationFinding(SELF_HARM_THOUGHTS_REVIEWED, RELATIVE));
        }

        @Test
        void severityComesFromTheRuleSet() {
            Map<Contraindication, Severity> severities = EligibilityRulesTest.defaultSeverities();
            severities.put(RESPIRATORY_ILLNESS, ABSOLUTE);
            EligibilityRules stricter = EligibilityRulesTest.rules("1.1", 4, 8, severities);

            assertThat(EligibilityAssessment.findings(stricter, ADULT, TODAY, Set.of(RESPIRATORY_ILLNESS), 120, 80,
                    false)).containsExactly(new ContraindicationFinding(RESPIRATORY_ILLNESS, ABSOLUTE));
        }

        @ParameterizedTest(name = "reporting {0} is rejected")
        @EnumSource(names = {"UNDER_18", "ELEVATED_BLOOD_PRESSURE", "SELF_HARM_THOUGHTS_REVIEWED"})
        void reportingADerivedCodeIsRejected(Contraindication derived) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> findings(ADULT, TODAY, EnumSet.of(KETAMINE_HYPERSENSITIVITY, derived), 120, 80,
                            false))
                    .withMessageStartingWith("reportedConditions must not contain the derived codes");
        }

        @Test
        void missingArgumentsAreRejected() {
            assertThatIllegalArgumentException().isThrownBy(() -> findings(ADULT, TODAY, null, 120, 80, false))
                    .withMessage("reportedConditions is required");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> EligibilityAssessment.findings(null, ADULT, TODAY, Set.of(), 120, 80, false))
                    .withMessage("rules is required");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> findings(ADULT, TODAY, new LinkedHashSet<>(Arrays.asList(
                            (Contraindication) null)), 120, 80, false))
                    .withMessage("reportedConditions element is required");
        }
    }

    @Nested
    class Inclusion {

        @ParameterizedTest(name = "GAD-7 {0}, PHQ-9 {1}: met = {2}")
        @CsvSource({"9, 9, false", "10, 0, true", "0, 10, true", "10, 10, true", "0, 0, false", "21, 27, true"})
        void gad7OrPhq9AtTheThreshold(int gad7, int phq9, boolean met) {
            assertThat(EligibilityAssessment.meetsInclusion(RULES, ScreeningScore.of(gad7, phq9, false)))
                    .isEqualTo(met);
        }
    }

    @Nested
    class Approval {

        @ParameterizedTest(name = "absolute {0} blocks approval even with a rationale")
        @MethodSource("care.intake.eligibility.EligibilityAssessmentTest#absoluteCodes")
        void eachAbsoluteCodeBlocksApproval(Contraindication code) {
            List<ContraindicationFinding> findings = List.of(new ContraindicationFinding(code, ABSOLUTE));

            assertThat(EligibilityAssessment.checkApproval(RULES, findings, INCLUDED, 6, true))
                    .contains(ApprovalRefusal.ABSOLUTE_CONTRAINDICATION);
        }

        @ParameterizedTest(name = "relative {0} needs a rationale")
        @MethodSource("care.intake.eligibility.EligibilityAssessmentTest#relativeCodes")
        void eachRelativeCodeRequiresARationale(Contraindication code) {
            List<ContraindicationFinding> findings = List.of(new ContraindicationFinding(code, RELATIVE));

            assertThat(EligibilityAssessment.checkApproval(RULES, findings, INCLUDED, 6, false))
                    .contains(ApprovalRefusal.RATIONALE_REQUIRED);
            assertThat(EligibilityAssessment.checkApproval(RULES, findings, INCLUDED, 6, true)).isEmpty();
        }

        @Test
        void everyCodeIsEitherAbsoluteOrRelative() {
            assertThat(Stream.concat(absoluteCodes(), relativeCodes()))
                    .containsExactlyInAnyOrder(Contraindication.values());
        }

        @Test
        void findingIsAbsoluteIfTheRuleSetSaysSoEvenWhenRecordedAsRelative() {
            List<ContraindicationFinding> recordedUnderLaxerRules =
                    List.of(new ContraindicationFinding(PREGNANT_OR_NURSING, RELATIVE));

            assertThat(EligibilityAssessment.checkApproval(RULES, recordedUnderLaxerRules, INCLUDED, 6, true))
                    .contains(ApprovalRefusal.ABSOLUTE_CONTRAINDICATION);
        }

        @ParameterizedTest(name = "{0} planned sessions are refused")
        @ValueSource(ints = {3, 9, 0})
        void plannedSessionsOutsideTheRangeAreRefused(int planned) {
            assertThat(EligibilityAssessment.checkApproval(RULES, List.of(), INCLUDED, planned, false))
                    .contains(ApprovalRefusal.PLANNED_SESSIONS_OUT_OF_RANGE);
        }

        @ParameterizedTest(name = "{0} planned sessions are fine")
        @ValueSource(ints = {4, 8})
        void plannedSessionsAtTheRangeEdgesAreFine(int planned) {
            assertThat(EligibilityAssessment.checkApproval(RULES, List.of(), INCLUDED, planned, false)).isEmpty();
        }

        @Test
        void inclusionNotMetIsRefused() {
            assertThat(EligibilityAssessment.checkApproval(RULES, List.of(), ScreeningScore.of(9, 9, false), 6, true))
                    .contains(ApprovalRefusal.INCLUSION_NOT_MET);
        }

        @Test
        void refusalsAreCheckedInTheirDeclaredOrder() {
            List<ContraindicationFinding> absolute = List.of(new ContraindicationFinding(UNDER_18, ABSOLUTE));
            List<ContraindicationFinding> relative = List.of(new ContraindicationFinding(RESPIRATORY_ILLNESS, RELATIVE));
            ScreeningScore excluded = ScreeningScore.of(9, 9, false);

            assertThat(EligibilityAssessment.checkApproval(RULES, absolute, excluded, 9, false))
                    .contains(ApprovalRefusal.PLANNED_SESSIONS_OUT_OF_RANGE);
            assertThat(EligibilityAssessment.checkApproval(RULES, absolute, excluded, 6, false))
                    .contains(ApprovalRefusal.ABSOLUTE_CONTRAINDICATION);
            assertThat(EligibilityAssessment.checkApproval(RULES, relative, excluded, 6, false))
                    .contains(ApprovalRefusal.INCLUSION_NOT_MET);
            assertThat(EligibilityAssessment.checkApproval(RULES, relative, INCLUDED, 6, false))
                    .contains(ApprovalRefusal.RATIONALE_REQUIRED);
        }

        @Test
        void missingArgumentsAreRejected() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> EligibilityAssessment.checkApproval(RULES, null, INCLUDED, 6, true))
                    .withMessage("findings is required");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> EligibilityAssessment.checkApproval(RULES, List.of(), null, 6, true))
                    .withMessage("score is required");
        }
    }

    @Test
    void refusalsHaveStableKebabCaseProblemTypesAndTitles() {
        assertThat(Arrays.stream(ApprovalRefusal.values()).map(ApprovalRefusal::type)).containsExactly(
                "planned-sessions-out-of-range", "absolute-contraindication", "inclusion-not-met",
                "rationale-required");
        for (ApprovalRefusal refusal : ApprovalRefusal.values()) {
            assertThat(refusal.type()).matches("^[a-z]+(-[a-z]+)*$");
            assertThat(refusal.title()).isNotBlank();
        }
    }
}

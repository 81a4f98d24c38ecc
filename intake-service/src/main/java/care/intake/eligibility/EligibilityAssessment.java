package care.intake.eligibility;

import care.contracts.intake.Contraindication;
import care.contracts.intake.Contraindication.Severity;
import care.contracts.intake.ContraindicationFinding;
import care.intake.screening.ScreeningScore;
import java.time.LocalDate;
import java.time.Period;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The eligibility checks of a rule set: which contraindications a screening shows, whether the inclusion
 * criteria are met, and whether a clinician's approval may be recorded. Messages never echo patient values.
 */
public final class EligibilityAssessment {

    /** Codes the platform derives itself; a patient or clinician cannot report them. */
    private static final Set<Contraindication> DERIVED = Collections.unmodifiableSet(EnumSet.of(
            Contraindication.UNDER_18, Contraindication.ELEVATED_BLOOD_PRESSURE,
            Contraindication.SELF_HARM_THOUGHTS_REVIEWED));

    /**
     * The codes a patient or clinician may report in a screening's {@code conditions}: every code except
     * the derived {@code UNDER_18}, {@code ELEVATED_BLOOD_PRESSURE} and {@code SELF_HARM_THOUGHTS_REVIEWED}.
     */
    public static final Set<Contraindication> REPORTABLE_CONDITIONS =
            Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.copyOf(DERIVED)));

    // Loose bounds for a screening reading: they reject typos and unit mix-ups, not clinical values.
    private static final int SYSTOLIC_MIN = 40;
    private static final int SYSTOLIC_MAX = 300;
    private static final int DIASTOLIC_MIN = 20;
    private static final int DIASTOLIC_MAX = 200;

    private EligibilityAssessment() {
    }

    /**
     * The contraindications a screening shows, in enum order: the reported conditions with this rule set's
     * severity, plus the derived {@code UNDER_18} (age on {@code today} below the minimum),
     * {@code ELEVATED_BLOOD_PRESSURE} (systolic or diastolic strictly above the limits) and
     * {@code SELF_HARM_THOUGHTS_REVIEWED} (PHQ-9 item 9 positive).
     *
     * @throws IllegalArgumentException on a missing argument, a derived code among the reported conditions,
     *                                  a birth date after {@code today} or an implausible blood pressure reading
     */
    public static List<ContraindicationFinding> findings(EligibilityRules rules, LocalDate dateOfBirth,
                                                         LocalDate today, Set<Contraindication> reportedConditions,
                                                         int systolic, int diastolic, boolean phq9Item9Positive) {
        require(rules, "rules");
        require(reportedConditions, "reportedConditions");
        inRange(systolic, SYSTOLIC_MIN, SYSTOLIC_MAX, "systolic");
        inRange(diastolic, DIASTOLIC_MIN, DIASTOLIC_MAX, "diastolic");
        EnumSet<Contraindication> codes = EnumSet.noneOf(Contraindication.class);
        for (Contraindication reported : reportedConditions) {
            require(reported, "reportedConditions element");
            // Listing the derived codes rather than the offending one keeps the message free of patient data.
            check(REPORTABLE_CONDITIONS.contains(reported),
                    "reportedConditions must not contain the derived codes " + DERIVED);
            codes.add(reported);
        }
        if (ageOn(dateOfBirth, today) < rules.minimumAgeYears()) {
            codes.add(Contraindication.UNDER_18);
        }
        if (systolic > rules.systolicAbove() || diastolic > rules.diastolicAbove()) {
            codes.add(Contraindication.ELEVATED_BLOOD_PRESSURE);
        }
        if (phq9Item9Positive) {
            codes.add(Contraindication.SELF_HARM_THOUGHTS_REVIEWED);
        }
        // EnumSet iterates in enum order, which makes the findings (and the events built from them) deterministic.
        return codes.stream().map(code -> new ContraindicationFinding(code, rules.severityOf(code))).toList();
    }

    /**
     * Age in whole years on {@code day} ({@link Period} semantics: someone born on 29 February turns a year
     * older on 1 March in non-leap years).
     *
     * @throws IllegalArgumentException if a date is missing or {@code day} is before {@code dateOfBirth}
     */
    public static int ageOn(LocalDate dateOfBirth, LocalDate day) {
        require(dateOfBirth, "dateOfBirth");
        require(day, "day");
        check(!day.isBefore(dateOfBirth), "dateOfBirth must not be after the day of assessment");
        return Period.between(dateOfBirth, day).getYears();
    }

    /** Whether the symptom inclusion is met: GAD-7 or PHQ-9 total at or above the rule set's threshold. */
    public static boolean meetsInclusion(EligibilityRules rules, ScreeningScore score) {
        require(rules, "rules");
        require(score, "score");
        return score.gad7Total() >= rules.gad7InclusionAtLeast() || score.phq9Total() >= rules.phq9InclusionAtLeast();
    }

    /**
     * Why an approval may not be recorded, if at all; checked in the order of {@link ApprovalRefusal}.
     * A finding counts as absolute if either the finding or this rule set calls it absolute, so findings
     * recorded under an older, laxer rule set cannot slip through a stricter one.
     *
     * @param plannedSessions number of dosing sessions the clinician plans
     * @param rationaleGiven  whether the clinician wrote a rationale for accepting the relative contraindications
     * @return empty if the approval may be recorded
     */
    public static Optional<ApprovalRefusal> checkApproval(EligibilityRules rules,
                                                          List<ContraindicationFinding> findings,
                                                          ScreeningScore score, int plannedSessions,
                                                          boolean rationaleGiven) {
        require(rules, "rules");
        require(findings, "findings");
        require(score, "score");
        findings.forEach(finding -> require(finding, "findings element"));
        if (plannedSessions < rules.minPlannedSessions() || plannedSessions > rules.maxPlannedSessions()) {
            return Optional.of(ApprovalRefusal.PLANNED_SESSIONS_OUT_OF_RANGE);
        }
        if (findings.stream().anyMatch(finding -> isAbsolute(rules, finding))) {
            return Optional.of(ApprovalRefusal.ABSOLUTE_CONTRAINDICATION);
        }
        if (!meetsInclusion(rules, score)) {
            return Optional.of(ApprovalRefusal.INCLUSION_NOT_MET);
        }
        // Every finding left is relative: the clinician may accept them, but only in writing.
        if (!findings.isEmpty() && !rationaleGiven) {
            return Optional.of(ApprovalRefusal.RATIONALE_REQUIRED);
        }
        return Optional.empty();
    }

    private static boolean isAbsolute(EligibilityRules rules, ContraindicationFinding finding) {
        return finding.severity() == Severity.ABSOLUTE || rules.severityOf(finding.code()) == Severity.ABSOLUTE;
    }

    private static void inRange(int value, int min, int max, String field) {
        check(value >= min && value <= max, field + " must be between " + min + " and " + max);
    }

    private static <T> T require(T value, String field) {
        check(value != null, field + " is required");
        return value;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

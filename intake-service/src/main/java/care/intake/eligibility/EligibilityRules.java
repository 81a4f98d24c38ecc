package care.intake.eligibility;

import care.contracts.Invariants;
import care.contracts.intake.Contraindication;
import care.contracts.intake.Contraindication.Severity;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A versioned eligibility rule set of a program. A medical director edits it as data (see
 * {@code care.intake.config.EligibilityRulesFile}); decisions record its {@link #version()}.
 *
 * @param version              such as {@code 1.0}; matches {@link Invariants#VERSION}
 * @param minimumAgeYears      youngest age in whole years; below it is {@link Contraindication#UNDER_18}
 * @param gad7InclusionAtLeast inclusion is met when GAD-7 reaches this ...
 * @param phq9InclusionAtLeast ... or PHQ-9 reaches this
 * @param systolicAbove        a systolic reading strictly above this is {@link Contraindication#ELEVATED_BLOOD_PRESSURE}
 * @param diastolicAbove       a diastolic reading strictly above this is {@link Contraindication#ELEVATED_BLOOD_PRESSURE}
 * @param minPlannedSessions   fewest dosing sessions a clinician may plan
 * @param maxPlannedSessions   most dosing sessions a clinician may plan
 * @param severities           the severity of every {@link Contraindication} under this rule set
 */
public record EligibilityRules(String version, int minimumAgeYears, int gad7InclusionAtLeast,
                               int phq9InclusionAtLeast, int systolicAbove, int diastolicAbove,
                               int minPlannedSessions, int maxPlannedSessions,
                               Map<Contraindication, Severity> severities) {

    public EligibilityRules {
        check(version != null && Invariants.VERSION.matcher(version).matches(),
                "version must match " + Invariants.VERSION.pattern());
        // The derived code is UNDER_18, so a lower age would contradict it; a program may raise it.
        inRange(minimumAgeYears, 18, 120, "minimumAgeYears");
        inRange(gad7InclusionAtLeast, 0, 21, "gad7InclusionAtLeast");
        inRange(phq9InclusionAtLeast, 0, 27, "phq9InclusionAtLeast");
        // Loose physiological bounds: they catch typos (1400, 9) without making clinical policy.
        inRange(systolicAbove, 80, 250, "systolicAbove");
        inRange(diastolicAbove, 40, 150, "diastolicAbove");
        check(diastolicAbove < systolicAbove, "diastolicAbove must be below systolicAbove");
        // The event contracts accept only 4..8 planned sessions, so a rule set may narrow but not widen that.
        inRange(minPlannedSessions, Invariants.MIN_PLANNED_SESSIONS, Invariants.MAX_PLANNED_SESSIONS,
                "minPlannedSessions");
        inRange(maxPlannedSessions, Invariants.MIN_PLANNED_SESSIONS, Invariants.MAX_PLANNED_SESSIONS,
                "maxPlannedSessions");
        check(minPlannedSessions <= maxPlannedSessions, "minPlannedSessions must not exceed maxPlannedSessions");
        severities = checkedSeverities(severities);
    }

    /** The severity this rule set gives {@code code}. */
    public Severity severityOf(Contraindication code) {
        return severities.get(code);
    }

    private static Map<Contraindication, Severity> checkedSeverities(Map<Contraindication, Severity> severities) {
        check(severities != null, "severities is required");
        // EnumMap keeps enum order, so the rule set prints and compares deterministically.
        // Copied entry by entry because Map.of-style maps throw on containsKey(null).
        Map<Contraindication, Severity> copy = new EnumMap<>(Contraindication.class);
        severities.forEach((code, severity) -> {
            check(code != null && severity != null, "severities must not hold null codes or severities");
            copy.put(code, severity);
        });
        Set<Contraindication> missing = EnumSet.allOf(Contraindication.class);
        missing.removeAll(copy.keySet());
        // Naming the missing codes is safe (they are rule-set data, not patient data) and tells the editor what to add.
        check(missing.isEmpty(), "severities must cover every contraindication; missing " + missing);
        return Collections.unmodifiableMap(copy);
    }

    private static void inRange(int value, int min, int max, String field) {
        check(value >= min && value <= max, field + " must be between " + min + " and " + max);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

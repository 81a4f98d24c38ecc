package care.intake.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import care.contracts.CareEvent;
import care.contracts.intake.Contraindication;
import care.contracts.intake.ContraindicationFinding;
import care.contracts.intake.SafetyEscalationRaised;
import care.contracts.intake.ScreeningCompleted;
import care.intake.eligibility.EligibilityAssessment;
import care.intake.eligibility.EligibilityRules;
import care.intake.screening.ScreeningRateLimit;
import care.intake.screening.ScreeningScore;
import care.intake.screening.ScreeningScoring;

/**
 * A screening on a {@link Patient}'s record: GAD-7, PHQ-9, reported conditions and a blood-pressure reading,
 * scored and checked against the eligibility rule set. A PHQ-9 item 9 above 0 raises a safety escalation that
 * only a clinician's review resolves; while one is open, a further one joins it (no second alert). The rate limit
 * is checked on the record the screening is stored with, so concurrent submissions cannot pass it together.
 */
final class PatientScreenings {

    private PatientScreenings() {
    }

    /** The answers of one screening, as submitted. */
    record Answers(List<Integer> gad7, List<Integer> phq9, Set<Contraindication> conditions, int systolic,
            int diastolic) {
    }

    /** A stored screening: its score, its findings, whether it raised an escalation, and the events. */
    record Recorded(ScreeningScore score, List<ContraindicationFinding> findings, boolean escalationRaised,
            List<CareEvent> events) {
    }

    static Recorded record(Patient patient, String screeningId, Answers answers, EligibilityRules rules,
            ScreeningRateLimit limit, Instant now) {
        ScreeningScore score = ScreeningScoring.score(answers.gad7(), answers.phq9());
        limit.check(patient.screenings.stream().map(Patient.Screening::completedAt).toList(), now);
        LocalDate today = LocalDate.ofInstant(now, ZoneId.of(patient.timeZone));
        List<ContraindicationFinding> findings = EligibilityAssessment.findings(rules, patient.dateOfBirth, today,
                answers.conditions(), answers.systolic(), answers.diastolic(), score.phq9Item9Positive());
        patient.screenings.add(new Patient.Screening(screeningId, now, answers.gad7(), answers.phq9(),
                answers.conditions().stream().map(Enum::name).toList(), answers.systolic(), answers.diastolic(),
                score.gad7Total(), score.gad7Band(), score.phq9Total(), score.phq9Band(), score.phq9Item9Positive(),
                findings));
        UUID id = UUID.fromString(patient.id);
        List<CareEvent> events = new ArrayList<>();
        events.add(new ScreeningCompleted(UUID.randomUUID(), id, now, UUID.fromString(screeningId),
                score.gad7Total(), score.gad7Band(), score.phq9Total(), score.phq9Band(), score.phq9Item9Positive(),
                findings));
        boolean raised = false;
        if (score.phq9Item9Positive()) {
            SafetyEscalation escalation = patient.escalate(UUID.randomUUID().toString(), screeningId, now)
                    .orElse(null);
            if (escalation != null) {
                raised = true;
                events.add(new SafetyEscalationRaised(UUID.randomUUID(), id, now,
                        UUID.fromString(escalation.escalationId()), SafetyEscalationRaised.Trigger.PHQ9_ITEM9_POSITIVE,
                        UUID.fromString(screeningId)));
            }
        }
        return new Recorded(score, findings, raised, events);
    }
}

package care.contracts.intake;

import static care.contracts.Invariants.check;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.inRange;
import static care.contracts.Invariants.listOf;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The patient finished the screening questionnaires (GAD-7, PHQ-9, contraindication questions). Only totals,
 * bands and codes leave intake; item answers stay there. A positive PHQ-9 item 9 is also raised as
 * {@link SafetyEscalationRaised}.
 *
 * @param screeningId        the screening (FHIR QuestionnaireResponse) in the intake service
 * @param gad7Total          GAD-7 total, 0..21
 * @param gad7Band           GAD-7 severity band
 * @param phq9Total          PHQ-9 total, 0..27
 * @param phq9Band           PHQ-9 severity band
 * @param phq9Item9Positive  PHQ-9 item 9 (thoughts of self-harm) answered above 0
 * @param contraindications  contraindications found, possibly none
 */
public record ScreeningCompleted(UUID eventId, UUID patientId, Instant occurredAt, UUID screeningId,
                                 int gad7Total, Gad7Band gad7Band, int phq9Total, Phq9Band phq9Band,
                                 boolean phq9Item9Positive, List<ContraindicationFinding> contraindications)
        implements CareEvent {

    /** GAD-7 bands: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe. */
    public enum Gad7Band { MINIMAL, MILD, MODERATE, SEVERE }

    /** PHQ-9 bands: 0–4 none/minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe. */
    public enum Phq9Band { NONE_MINIMAL, MILD, MODERATE, MODERATELY_SEVERE, SEVERE }

    public ScreeningCompleted {
        envelope(eventId, patientId, occurredAt);
        required(screeningId, "screeningId");
        inRange(gad7Total, 0, 21, "gad7Total");
        required(gad7Band, "gad7Band");
        inRange(phq9Total, 0, 27, "phq9Total");
        required(phq9Band, "phq9Band");
        check(!phq9Item9Positive || phq9Total > 0, "phq9Item9Positive needs a phq9Total above 0");
        contraindications = listOf(contraindications, "contraindications");
    }
}

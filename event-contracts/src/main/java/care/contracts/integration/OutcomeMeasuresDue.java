package care.contracts.integration;

import static care.contracts.Invariants.check;
import static care.contracts.Invariants.envelope;
import static care.contracts.Invariants.listOf;
import static care.contracts.Invariants.required;

import care.contracts.CareEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The patient reached one of the program's outcome timepoints: these questionnaires are due now (the
 * notification service asks the patient for them). Sent once per timepoint of a plan; the baseline comes
 * from the intake screening and is never announced.
 *
 * @param planId      the treatment plan
 * @param timepoint   the timepoint reached, never {@code BASELINE}
 * @param instruments the questionnaires due, at least one
 */
public record OutcomeMeasuresDue(UUID eventId, UUID patientId, Instant occurredAt, UUID planId,
                                 OutcomeMeasured.Timepoint timepoint, List<OutcomeMeasured.Instrument> instruments)
        implements CareEvent {

    public OutcomeMeasuresDue {
        envelope(eventId, patientId, occurredAt);
        required(planId, "planId");
        required(timepoint, "timepoint");
        check(timepoint != OutcomeMeasured.Timepoint.BASELINE, "the baseline is never announced");
        instruments = listOf(instruments, "instruments");
        check(!instruments.isEmpty(), "instruments must not be empty");
    }
}

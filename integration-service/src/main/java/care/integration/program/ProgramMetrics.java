package care.integration.program;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import care.contracts.CareEvent;
import care.contracts.integration.OutcomeMeasured;
import care.contracts.integration.OutcomeMeasured.Timepoint;
import care.contracts.integration.ProgramCompleted;

/** Counts what the care paths record, from the events they stored; labels name instruments and timepoints only. */
@Component
class ProgramMetrics {

    private final MeterRegistry meters;

    ProgramMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(List<? extends CareEvent> events) {
        for (CareEvent event : events) {
            if (event instanceof OutcomeMeasured measured) {
                Counter.builder("care.integration.outcomes.measured").tag("instrument", measured.instrument().name())
                        .tag("timepoint", measured.timepoint().name()).register(meters).increment();
                if (Boolean.TRUE.equals(measured.phq9Item9Positive()) && measured.timepoint() != Timepoint.BASELINE) {
                    Counter.builder("care.integration.outcomes.self.harm.flagged").register(meters).increment();
                }
            } else if (event instanceof ProgramCompleted) {
                Counter.builder("care.integration.programs.completed").register(meters).increment();
            }
        }
    }
}

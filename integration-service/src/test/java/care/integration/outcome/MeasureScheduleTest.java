package care.integration.outcome;

import static care.contracts.integration.OutcomeMeasured.Timepoint.AFTER_SESSION_2;
import static care.contracts.integration.OutcomeMeasured.Timepoint.AFTER_SESSION_4;
import static care.contracts.integration.OutcomeMeasured.Timepoint.BASELINE;
import static care.contracts.integration.OutcomeMeasured.Timepoint.PROGRAM_END;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasureScheduleTest {

    @Test
    void aSixSessionPlanHasFourTimepoints() {
        assertThat(MeasureSchedule.reached(0, 6, false)).containsExactly(BASELINE);
        assertThat(MeasureSchedule.reached(1, 6, false)).containsExactly(BASELINE);
        assertThat(MeasureSchedule.reached(2, 6, false)).containsExactly(BASELINE, AFTER_SESSION_2);
        assertThat(MeasureSchedule.reached(3, 6, false)).containsExactly(BASELINE, AFTER_SESSION_2);
        assertThat(MeasureSchedule.reached(4, 6, false)).containsExactly(BASELINE, AFTER_SESSION_2, AFTER_SESSION_4);
        assertThat(MeasureSchedule.reached(5, 6, false)).containsExactly(BASELINE, AFTER_SESSION_2, AFTER_SESSION_4);
        assertThat(MeasureSchedule.reached(6, 6, false))
                .containsExactly(BASELINE, AFTER_SESSION_2, AFTER_SESSION_4, PROGRAM_END);
        assertThat(MeasureSchedule.current(4, 6, false)).isEqualTo(AFTER_SESSION_4);
    }

    @Test
    void inAFourSessionPlanTheMeasureAfterSessionFourIsTheEndOfProgramOne() {
        assertThat(MeasureSchedule.reached(4, 4, false)).containsExactly(BASELINE, AFTER_SESSION_2, PROGRAM_END);
        assertThat(MeasureSchedule.current(4, 4, true)).isEqualTo(PROGRAM_END);
        assertThat(MeasureSchedule.current(3, 4, false)).isEqualTo(AFTER_SESSION_2);
    }

    @Test
    void aPlanClosedEarlyReachesTheEndAtOnce() {
        assertThat(MeasureSchedule.reached(1, 6, true)).containsExactly(BASELINE, PROGRAM_END);
        assertThat(MeasureSchedule.reached(3, 8, true)).containsExactly(BASELINE, AFTER_SESSION_2, PROGRAM_END);
        assertThat(MeasureSchedule.reached(0, 4, true)).containsExactly(BASELINE, PROGRAM_END);
    }

    @Test
    void beforeThePlanIsKnownTheEndIsNotReached() {
        assertThat(MeasureSchedule.reached(4, null, false)).containsExactly(BASELINE, AFTER_SESSION_2, AFTER_SESSION_4);
        assertThat(MeasureSchedule.nextAfterSession(4, null, false)).isEmpty();
    }

    @Test
    void nextNamesTheSessionAfterWhichTheNextMeasureIsDue() {
        assertThat(MeasureSchedule.nextAfterSession(0, 6, false)).contains(2);
        assertThat(MeasureSchedule.nextAfterSession(2, 6, false)).contains(4);
        assertThat(MeasureSchedule.nextAfterSession(4, 6, false)).contains(6);
        assertThat(MeasureSchedule.nextAfterSession(2, 4, false)).contains(4);
        assertThat(MeasureSchedule.nextAfterSession(6, 6, false)).isEmpty();
        assertThat(MeasureSchedule.nextAfterSession(3, 6, true)).isEmpty();
    }
}

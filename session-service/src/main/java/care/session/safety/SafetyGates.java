package care.session.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The gates a dosing session passes: the start (preparation, a recent pre-dose reading within the limits,
 * the time) and the discharge (minimum monitoring, a recent discharge reading within the limits). Plain
 * functions of their inputs and the time, so each boundary is testable to the second.
 */
public final class SafetyGates {

    private SafetyGates() {
    }

    /** What a start request leads to. */
    public sealed interface StartDecision {
    }

    /** The session starts; {@code baseline} is the pre-dose reading later readings are compared with. */
    public record Start(Reading baseline) implements StartDecision {
    }

    /** The session is deferred, not started, because the pre-dose reading is above the limit. */
    public record Defer(Reading reading) implements StartDecision {
    }

    /** The start is refused and nothing changes. */
    public record Refuse(SafetyRefusal refusal) implements StartDecision {
    }

    /**
     * Decides a start request at {@code now}. Checked in this order: the plan, the time (from
     * {@code startWindow} before the scheduled start until the scheduled end), the preparation, a pre-dose
     * reading taken within {@code preDoseReadingMaxAge} (the latest one counts), its blood pressure.
     */
    public static StartDecision start(SafetyPolicy policy, Instant now, Instant scheduledStart, Instant scheduledEnd,
            boolean planPaused, boolean prepared, List<Reading> readings) {
        if (planPaused) {
            return new Refuse(SafetyRefusal.PLAN_PAUSED);
        }
        if (now.isBefore(scheduledStart.minus(policy.startWindow()))) {
            return new Refuse(SafetyRefusal.TOO_EARLY);
        }
        if (!now.isBefore(scheduledEnd)) {
            return new Refuse(SafetyRefusal.START_WINDOW_PASSED);
        }
        if (!prepared) {
            return new Refuse(SafetyRefusal.PREPARATION_INCOMPLETE);
        }
        Optional<Reading> preDose = latestWithin(readings, Reading.Phase.PRE_DOSE, now, policy.preDoseReadingMaxAge());
        if (preDose.isEmpty()) {
            return new Refuse(SafetyRefusal.NO_RECENT_READING);
        }
        if (policy.bloodPressure().aboveLimit(preDose.get())) {
            return new Defer(preDose.get());
        }
        return new Start(preDose.get());
    }

    /**
     * Why a discharge at {@code now} is refused, if it is: before {@code minimumMonitoring} after the
     * start (119 minutes refused, 120 allowed by default), without a discharge reading taken within
     * {@code dischargeReadingMaxAge} (the latest one counts), or with that reading above the limit.
     */
    public static Optional<SafetyRefusal> discharge(SafetyPolicy policy, Instant now, Instant startedAt, List<Reading> readings) {
        if (now.isBefore(startedAt.plus(policy.minimumMonitoring()))) {
            return Optional.of(SafetyRefusal.MONITORING_TIME_NOT_REACHED);
        }
        Optional<Reading> discharge = latestWithin(readings, Reading.Phase.DISCHARGE, now, policy.dischargeReadingMaxAge());
        if (discharge.isEmpty()) {
            return Optional.of(SafetyRefusal.NO_RECENT_READING);
        }
        if (policy.bloodPressure().aboveLimit(discharge.get())) {
            return Optional.of(SafetyRefusal.BLOOD_PRESSURE_ABOVE_THRESHOLD);
        }
        return Optional.empty();
    }

    /** The latest reading of the phase, if it was taken no longer than {@code maxAge} before {@code now}. */
    static Optional<Reading> latestWithin(List<Reading> readings, Reading.Phase phase, Instant now, Duration maxAge) {
        Reading latest = null;
        for (Reading reading : readings) {
            if (reading.phase() == phase && !reading.takenAt().isAfter(now)
                    && (latest == null || !reading.takenAt().isBefore(latest.takenAt()))) {
                latest = reading;
            }
        }
        if (latest == null || latest.takenAt().isBefore(now.minus(maxAge))) {
            return Optional.empty();
        }
        return Optional.of(latest);
    }
}

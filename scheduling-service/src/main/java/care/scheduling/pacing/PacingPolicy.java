package care.scheduling.pacing;

import care.contracts.scheduling.AppointmentKind;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A care program's pacing and scheduling configuration. The rules in {@link DosingPacing} and
 * {@code care.scheduling.availability.SlotFinder} read every number from here, so a program can tune them
 * without code changes.
 *
 * @param minimumGapBetweenDosing  least time between the starts of any two dosing sessions
 * @param maxDosingPerRollingWindow most dosing sessions in any one {@code rollingWindow}
 * @param rollingWindow            length of the sliding window the cap applies to
 * @param lateNotice               a booking, rescheduling or cancellation with less notice than this is late
 * @param durations                length of each appointment kind; must name every kind
 * @param buffer                   free time a provider keeps after each appointment
 * @param integrationCoachingFrom  earliest integration coaching start after a dosing session's start
 * @param integrationCoachingUntil latest integration coaching start after a dosing session's start
 */
public record PacingPolicy(
        Duration minimumGapBetweenDosing,
        int maxDosingPerRollingWindow,
        Duration rollingWindow,
        Duration lateNotice,
        Map<AppointmentKind, Duration> durations,
        Duration buffer,
        Duration integrationCoachingFrom,
        Duration integrationCoachingUntil) {

    public PacingPolicy {
        requirePositive(minimumGapBetweenDosing, "minimumGapBetweenDosing");
        if (maxDosingPerRollingWindow < 1) {
            throw new IllegalArgumentException("maxDosingPerRollingWindow must be at least 1");
        }
        requirePositive(rollingWindow, "rollingWindow");
        requireNotNegative(lateNotice, "lateNotice");
        durations = copyOfComplete(durations);
        requireNotNegative(buffer, "buffer");
        requireNotNegative(integrationCoachingFrom, "integrationCoachingFrom");
        requirePositive(integrationCoachingUntil, "integrationCoachingUntil");
        if (integrationCoachingUntil.compareTo(integrationCoachingFrom) <= 0) {
            throw new IllegalArgumentException("integrationCoachingUntil must be after integrationCoachingFrom");
        }
    }

    /** The seed program of docs/clinical-rules.md: 48 h gap, 2 per rolling 7 days, 24 h notice, 45/180/45 min, 15 min buffer. */
    public static PacingPolicy defaults() {
        return new PacingPolicy(
                Duration.ofHours(48),
                2,
                Duration.ofDays(7),
                Duration.ofHours(24),
                Map.of(AppointmentKind.CONSULTATION, Duration.ofMinutes(45),
                        AppointmentKind.DOSING_SESSION, Duration.ofMinutes(180),
                        AppointmentKind.INTEGRATION_COACHING, Duration.ofMinutes(45)),
                Duration.ofMinutes(15),
                Duration.ofHours(24),
                Duration.ofHours(72));
    }

    /** How long an appointment of this kind lasts (the buffer not included). */
    public Duration durationOf(AppointmentKind kind) {
        return durations.get(Objects.requireNonNull(kind, "kind"));
    }

    // Every kind must have a length, so durationOf never answers null deep inside a scheduling rule.
    private static Map<AppointmentKind, Duration> copyOfComplete(Map<AppointmentKind, Duration> durations) {
        Objects.requireNonNull(durations, "durations");
        Map<AppointmentKind, Duration> copy = new EnumMap<>(AppointmentKind.class);
        for (AppointmentKind kind : AppointmentKind.values()) {
            Duration duration = durations.get(kind);
            if (duration == null) {
                throw new IllegalArgumentException("durations has no length for " + kind);
            }
            requirePositive(duration, "durations[" + kind + "]");
            copy.put(kind, duration);
        }
        return Collections.unmodifiableMap(copy);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}

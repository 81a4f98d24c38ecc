package care.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The checks the event records run in their constructors. Messages name the field and the rule, never the
 * rejected value, so an exception can be logged without leaking personal or health data.
 */
public final class Invariants {

    /** Smallest number of dosing sessions a v1 treatment plan may plan. */
    public static final int MIN_PLANNED_SESSIONS = 4;

    /** Largest number of dosing sessions a v1 treatment plan may plan. */
    public static final int MAX_PLANNED_SESSIONS = 8;

    /** A numeric version such as {@code 1.2} or {@code 1.2.0} (rule sets, consent forms). */
    public static final Pattern VERSION = Pattern.compile("^[0-9]{1,4}\\.[0-9]{1,4}(\\.[0-9]{1,4})?$");

    /** An ISO 3166-1 alpha-2 country or ISO 3166-2 subdivision code such as {@code US-CA}. */
    public static final Pattern JURISDICTION = Pattern.compile("^[A-Z]{2}(-[A-Z0-9]{1,3})?$");

    private Invariants() {
    }

    /** Checks the fields every {@link CareEvent} has. */
    public static void envelope(UUID eventId, UUID patientId, Instant occurredAt) {
        required(eventId, "eventId");
        required(patientId, "patientId");
        required(occurredAt, "occurredAt");
    }

    /** Returns {@code value}; throws {@link NullPointerException} naming {@code field} if it is null. */
    public static <T> T required(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " is required");
    }

    /** Returns {@code value} if it lies in {@code [min, max]}. */
    public static int inRange(int value, int min, int max, String field) {
        check(value >= min && value <= max, field + " must be between " + min + " and " + max);
        return value;
    }

    /** Like {@link #inRange(int, int, int, String)} but lets {@code null} through. */
    public static Integer inRangeOrNull(Integer value, int min, int max, String field) {
        return value == null ? null : inRange(value, min, max, field);
    }

    /** Returns {@code value} if it is at least {@code min}. */
    public static int atLeast(int value, int min, String field) {
        check(value >= min, field + " must be at least " + min);
        return value;
    }

    /** Checks a planned number of dosing sessions ({@value #MIN_PLANNED_SESSIONS}..{@value #MAX_PLANNED_SESSIONS}). */
    public static int checkPlannedSessions(int value) {
        return inRange(value, MIN_PLANNED_SESSIONS, MAX_PLANNED_SESSIONS, "plannedSessions");
    }

    /** Checks the 1-based number of a dosing session within a plan. */
    public static int checkSessionNumber(int value) {
        return inRange(value, 1, MAX_PLANNED_SESSIONS, "sessionNumber");
    }

    /** Returns {@code value} if it is non-null and matches {@code pattern}. */
    public static String matching(String value, Pattern pattern, String field) {
        check(pattern.matcher(required(value, field)).matches(), field + " must match " + pattern.pattern());
        return value;
    }

    /** Checks that {@code end} is after {@code start}; both are required. */
    public static void ordered(Instant start, String startField, Instant end, String endField) {
        check(required(end, endField).isAfter(required(start, startField)), endField + " must be after " + startField);
    }

    /** Returns an unmodifiable copy; the list and its elements are required. */
    public static <T> List<T> listOf(List<T> values, String field) {
        required(values, field).forEach(value -> required(value, field + " element"));
        return List.copyOf(values);
    }

    /** Throws {@link IllegalArgumentException} with {@code message} unless {@code condition} holds. */
    public static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

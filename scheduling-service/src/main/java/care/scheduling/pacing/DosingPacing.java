package care.scheduling.pacing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The pacing rules a proposed dosing session must satisfy against the plan's other booked dosing
 * sessions, and the late-notice rule. Pure functions of their arguments; all limits come from
 * {@link PacingPolicy}.
 *
 * <p>Time intervals are half-open, {@code [start, end)}, throughout.
 */
public final class DosingPacing {

    private DosingPacing() {
    }

    /**
     * Checks a proposed dosing session. Rules are checked in the order session order, minimum gap,
     * rolling-window cap, and the first one broken is answered.
     *
     * @param policy        the program's limits
     * @param sessionNumber 1-based position of the proposed session in the plan
     * @param proposedStart when the proposed session would start
     * @param booked        the plan's other booked, not cancelled dosing sessions; when rescheduling, the
     *                      caller must leave out the appointment being moved
     * @return the broken rule, or empty when the session may be booked
     * @throws IllegalArgumentException when {@code booked} holds a session with the same number: that is
     *                                  the appointment being moved, or a duplicate, and either would make
     *                                  the session clash with itself
     */
    public static Optional<PacingViolation> check(PacingPolicy policy, int sessionNumber, Instant proposedStart,
            List<BookedDosing> booked) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(proposedStart, "proposedStart");
        if (sessionNumber < 1) {
            throw new IllegalArgumentException("sessionNumber must be at least 1");
        }
        List<BookedDosing> others = List.copyOf(booked);
        for (BookedDosing other : others) {
            if (other.sessionNumber() == sessionNumber) {
                throw new IllegalArgumentException("booked holds session " + sessionNumber
                        + " itself; leave out the appointment being rescheduled");
            }
        }
        if (!inOrder(sessionNumber, proposedStart, others)) {
            return Optional.of(PacingViolation.SESSION_ORDER);
        }
        if (!farEnoughApart(policy.minimumGapBetweenDosing(), proposedStart, others)) {
            return Optional.of(PacingViolation.MINIMUM_GAP);
        }
        if (busiestWindowContaining(policy.rollingWindow(), proposedStart, others)
                > policy.maxDosingPerRollingWindow()) {
            return Optional.of(PacingViolation.ROLLING_WINDOW_CAP);
        }
        return Optional.empty();
    }

    /**
     * Whether a change made at {@code now} for an appointment starting at {@code start} is late: less than
     * {@link PacingPolicy#lateNotice()} ahead (exactly the notice is on time; a start in the past is late).
     */
    public static boolean isLate(PacingPolicy policy, Instant now, Instant start) {
        Objects.requireNonNull(policy, "policy");
        return Duration.between(Objects.requireNonNull(now, "now"), Objects.requireNonNull(start, "start"))
                .compareTo(policy.lateNotice()) < 0;
    }

    // Compared against every lower and higher numbered booked session, not only n-1 and n+1, so a gap in
    // the numbering (e.g. n-1 cancelled) cannot let n overtake n-2. Equal starts are out of order too.
    private static boolean inOrder(int sessionNumber, Instant proposedStart, List<BookedDosing> others) {
        for (BookedDosing other : others) {
            boolean earlierSession = other.sessionNumber() < sessionNumber;
            if (earlierSession ? !proposedStart.isAfter(other.start()) : !proposedStart.isBefore(other.start())) {
                return false;
            }
        }
        return true;
    }

    // Against every booked session, earlier and later: moving a session can bring it close to the next one.
    private static boolean farEnoughApart(Duration minimumGap, Instant proposedStart, List<BookedDosing> others) {
        for (BookedDosing other : others) {
            if (Duration.between(other.start(), proposedStart).abs().compareTo(minimumGap) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Most dosing sessions, the proposed one included, in any window {@code [t, t + window)} that contains
     * {@code proposedStart}, i.e. for {@code proposedStart - window < t <= proposedStart}. The count only
     * changes where a start enters the window, so it is enough to try {@code t = proposedStart} and
     * {@code t} = each booked start in that range: any other window can slide right to one of these
     * without losing a session.
     */
    static int busiestWindowContaining(Duration window, Instant proposedStart, List<BookedDosing> others) {
        Instant earliestWindowStart = proposedStart.minus(window);
        int busiest = countFrom(proposedStart, window, others) + 1;
        for (BookedDosing candidate : others) {
            Instant t = candidate.start();
            if (t.isAfter(earliestWindowStart) && !t.isAfter(proposedStart)) {
                busiest = Math.max(busiest, countFrom(t, window, others) + 1);
            }
        }
        return busiest;
    }

    private static int countFrom(Instant windowStart, Duration window, List<BookedDosing> others) {
        Instant windowEnd = windowStart.plus(window);
        int count = 0;
        for (BookedDosing other : others) {
            if (!other.start().isBefore(windowStart) && other.start().isBefore(windowEnd)) {
                count++;
            }
        }
        return count;
    }
}

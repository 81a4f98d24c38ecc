package care.integration.outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import care.contracts.integration.OutcomeMeasured.Timepoint;

/**
 * When outcome measures are due (DOMAIN: baseline, after session 2, after session 4, at program end). The
 * baseline comes from the intake screening. A timepoint is reached when its session has been completed;
 * the end of the program when the last planned session has been completed or the plan ended otherwise.
 * <p>
 * A four-session plan ends with session 4, so its measure after session 4 is the end-of-program measure:
 * the patient answers the questionnaires once, not twice on the same day. Once a later timepoint is
 * reached, an earlier one that was never answered is missed; the patient answers the current one.
 */
public final class MeasureSchedule {

    private MeasureSchedule() {
    }

    /**
     * The timepoints reached so far, in program order, baseline first.
     *
     * @param completedSessions dosing sessions completed so far
     * @param plannedSessions   planned sessions, or {@code null} while the plan is not known yet
     * @param planEnded         the plan has ended (all sessions done, or closed early)
     */
    public static List<Timepoint> reached(int completedSessions, Integer plannedSessions, boolean planEnded) {
        List<Timepoint> reached = new ArrayList<>();
        reached.add(Timepoint.BASELINE);
        boolean end = planEnded || plannedSessions != null && completedSessions >= plannedSessions;
        if (completedSessions >= 2 && !(end && isLast(2, plannedSessions, completedSessions))) {
            reached.add(Timepoint.AFTER_SESSION_2);
        }
        if (completedSessions >= 4 && !(end && isLast(4, plannedSessions, completedSessions))) {
            reached.add(Timepoint.AFTER_SESSION_4);
        }
        if (end) {
            reached.add(Timepoint.PROGRAM_END);
        }
        return List.copyOf(reached);
    }

    /** The timepoint a measure submitted now belongs to: the latest one reached. */
    public static Timepoint current(int completedSessions, Integer plannedSessions, boolean planEnded) {
        return reached(completedSessions, plannedSessions, planEnded).getLast();
    }

    /**
     * The session after which the next timepoint is reached, or empty when the end of the program is reached
     * (or the next timepoint is the end and the plan's length is not known yet).
     */
    public static Optional<Integer> nextAfterSession(int completedSessions, Integer plannedSessions, boolean planEnded) {
        if (planEnded || plannedSessions != null && completedSessions >= plannedSessions) {
            return Optional.empty();
        }
        for (int session : new int[] {2, 4}) {
            if (completedSessions < session && (plannedSessions == null || session < plannedSessions)) {
                return Optional.of(session);
            }
        }
        return Optional.ofNullable(plannedSessions);
    }

    /** Whether session {@code session} is the plan's last, so that its measure is the end-of-program one. */
    private static boolean isLast(int session, Integer plannedSessions, int completedSessions) {
        return plannedSessions != null ? plannedSessions == session : completedSessions == session;
    }
}

package care.session.dosing;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import care.kit.lifecycle.PeriodicPass;

/**
 * The durable timer of the monitor checks: every {@code care.session.timer-poll-interval} (default 5 s)
 * it raises the checks whose deadline, stored in each session, has passed. Nothing is held in memory, so
 * deadlines that passed while no instance ran are raised by the first pass after a start.
 */
@Component
class MonitorCheckTimer extends PeriodicPass {

    private final Sessions sessions;

    MonitorCheckTimer(Sessions sessions, @Value("${care.session.timer-poll-interval:PT5S}") Duration interval) {
        super("monitor-check-timer", Duration.ZERO, interval);
        this.sessions = sessions;
    }

    @Override
    protected void pass() {
        sessions.raiseMissedChecks();
    }
}

package care.kit.access;

import care.contracts.intake.CareTeamChanged;

/**
 * A service's own reaction to a care-team change (beyond access, which follows by itself): for example, the
 * integration service announces a newly assigned coach. Called after the projection stored a change, while the
 * event is being handled: writes through the outbox record the event as handled, so a redelivery is a no-op
 * there too. A failure makes the consumer retry the event (the projection, already current, then changes
 * nothing and the listener runs again).
 */
public interface CareTeamListener {

    /**
     * Called for the latest change of the patient's team (and again when that change is delivered again), never
     * for a change older than one already applied.
     */
    void careTeamChanged(CareTeamChanged change);
}

package care.kit.access;

import java.util.Optional;

/**
 * Every patient's care team. Intake owns the care team; every other service uses its projection of the care-team
 * topic ({@link CareTeamProjection}).
 */
public interface CareTeams {

    /** The patient's team (a lowercase UUID), or empty when nobody was ever added. */
    Optional<CareTeam> of(String patientId);
}

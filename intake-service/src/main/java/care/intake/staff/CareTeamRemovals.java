package care.intake.staff;

import care.contracts.intake.StaffMemberChanged.StaffRole;

/**
 * Takes a staff member whose registration for a role ended off every care team where they hold a role that
 * needed it. The care teams are kept with the patients' records, which implement this; the directory only asks.
 */
public interface CareTeamRemovals {

    /** How many care teams changed. */
    int removeEverywhere(String staffId, StaffRole ended);
}

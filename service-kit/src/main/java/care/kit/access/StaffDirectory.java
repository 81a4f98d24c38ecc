package care.kit.access;

import java.util.Optional;

/**
 * Who is registered as staff. Intake owns the directory; every other service uses its projection of the
 * staff topic ({@link StaffProjection}).
 */
public interface StaffDirectory {

    /** The staff member with this id (a lowercase UUID), if registered for any role now. */
    Optional<StaffMember> find(String staffId);
}

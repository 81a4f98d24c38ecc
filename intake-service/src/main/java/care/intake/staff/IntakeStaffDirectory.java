package care.intake.staff;

import java.util.Optional;

import org.springframework.stereotype.Component;

import care.kit.access.StaffDirectory;
import care.kit.access.StaffMember;

/**
 * The staff directory access decisions use in intake: intake's own entries, which it owns, so a registration
 * or its end counts from the moment it is stored.
 */
@Component
class IntakeStaffDirectory implements StaffDirectory {

    private final StaffRegistry staff;

    IntakeStaffDirectory(StaffRegistry staff) {
        this.staff = staff;
    }

    @Override
    public Optional<StaffMember> find(String staffId) {
        return staff.find(staffId.toLowerCase()).filter(StaffEntry::registered).map(StaffEntry::member);
    }
}

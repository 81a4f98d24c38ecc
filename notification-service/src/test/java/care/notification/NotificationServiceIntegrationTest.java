package care.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.PatientAccess;
import care.kit.access.StaffDirectory;
import care.kit.test.AccessFixture;
import care.kit.test.PlatformServiceContract;
import care.kit.test.TestEvents;

/** Boots the notification service against the real test broker and store and checks the platform contract. */
@org.junit.jupiter.api.Tag("integration")
class NotificationServiceIntegrationTest extends PlatformServiceContract {

    @Autowired
    PatientAccess access;
    @Autowired
    StaffDirectory staff;

    NotificationServiceIntegrationTest() {
        super("/api/notifications");
    }

    /** The service keeps its own copy of intake's care teams and staff directory, which its access follows. */
    @Test
    void keepsItsCopyOfTheCareTeamsAndTheStaffDirectory() {
        try (TestEvents events = new TestEvents()) {
            AccessFixture fixture = new AccessFixture(events, mongo);
            String patientId = UUID.randomUUID().toString();
            String clinician = fixture.clinician("US-OR");
            String coach = fixture.coach();
            fixture.team(patientId).responsible(clinician).coach(coach).publish();

            assertThat(access.careTeam(patientId).responsibleClinician()).hasValue(clinician);
            assertThat(access.careTeam(patientId).coach()).hasValue(coach);
            assertThat(staff.find(clinician)).hasValueSatisfying(member -> {
                assertThat(member.is(StaffRole.CLINICIAN)).isTrue();
                assertThat(member.licensedIn("US-OR")).isTrue();
            });

            fixture.deregister(coach);
            assertThat(staff.find(coach)).isEmpty();
        }
    }
}

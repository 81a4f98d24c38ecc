package care.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.PatientAccess;
import care.kit.access.StaffMember;
import care.kit.security.Caller;
import care.kit.security.Role;
import care.kit.test.AccessFixture;
import care.kit.test.PlatformServiceContract;
import care.kit.test.TestEvents;

/** Boots the session service against the real test broker and store and checks the platform contract. */
@org.junit.jupiter.api.Tag("integration")
class SessionServiceIntegrationTest extends PlatformServiceContract {

    @Autowired
    PatientAccess access;

    SessionServiceIntegrationTest() {
        super("/api/sessions");
    }

    /** The service keeps its own copy of the staff directory and the care teams, as intake publishes them. */
    @Test
    void keepsTheStaffDirectoryAndTheCareTeamsIntakePublishes() {
        try (TestEvents events = new TestEvents()) {
            AccessFixture fixture = new AccessFixture(events, mongo);
            String patientId = UUID.randomUUID().toString();
            String clinician = fixture.clinician("US-OR");
            String coach = fixture.coach();
            fixture.team(patientId).responsible(clinician).coach(coach).publish();

            assertThat(access.careTeam(patientId).responsibleClinician()).hasValue(clinician);
            assertThat(access.careTeam(patientId).coach()).hasValue(coach);
            Caller asClinician = new Caller(clinician, Set.of(Role.CLINICIAN), Optional.empty());
            assertThat(access.registered(asClinician, StaffRole.CLINICIAN)).map(StaffMember::licensedJurisdictions)
                    .hasValue(java.util.List.of("US-OR"));
            assertThat(access.registered(new Caller(coach, Set.of(Role.CLINICIAN), Optional.empty()),
                    StaffRole.CLINICIAN)).isEmpty();

            fixture.team(patientId).responsible(clinician).publish();
            assertThat(access.careTeam(patientId).coach()).isEmpty();
            fixture.deregister(clinician);
            assertThat(access.registered(asClinician, StaffRole.CLINICIAN)).isEmpty();
        }
    }

    /** The indexes the sessions' reads need, declared with their mapping, exist once the service runs. */
    @Test
    void declaresTheIndexesItsReadsNeed() {
        mongo.getConverter().getMappingContext().getRequiredPersistentEntity(care.session.dosing.DosingSession.class);
        java.util.List<org.bson.Document> indexes = mongo.getCollection("sessions").listIndexes()
                .into(new java.util.ArrayList<>());
        assertThat(indexes).extracting(index -> index.get("key", org.bson.Document.class)).contains(
                new org.bson.Document("patientId", 1),
                new org.bson.Document("providerId", 1).append("scheduledStart", 1),
                new org.bson.Document("nextCheckDeadline", 1));
        assertThat(indexes).filteredOn(index -> index.get("key", org.bson.Document.class)
                .containsKey("nextCheckDeadline")).singleElement()
                .satisfies(index -> assertThat(index.getBoolean("sparse")).isTrue());
    }
}

package care.kit.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import care.contracts.audit.AccessRecorded;
import care.kit.access.Permission;
import care.kit.access.Relationship;

/** The one access table: what the issue of minimum necessary access asks of it, checked as data. */
class AccessTableTest {

    @ParameterizedTest
    @EnumSource(Permission.class)
    void aChangeAnswersOnlyWithWhatItsCallersMayRead(Permission permission) {
        permission.discloses().ifPresent(read -> assertThat(read.allowed())
                .as("%s answers with %s data", permission, read).containsAll(permission.allowed()));
    }

    @Test
    void theAuditTrailHasACodeForEveryPermissionAndRelationship() {
        assertThat(Arrays.stream(Permission.values()).map(Permission::code).map(Enum::name))
                .containsExactlyInAnyOrder(Arrays.stream(AccessRecorded.Permission.values()).map(Enum::name).toArray(String[]::new));
        assertThat(Arrays.stream(Relationship.values()).map(Relationship::basis).map(Enum::name))
                .containsExactly(Arrays.stream(AccessRecorded.Basis.values()).map(Enum::name).toArray(String[]::new));
    }

    @Test
    void coordinatorsNeverReadJournalsReflectionsOrCoachingNotes() {
        Set<Permission> clinicalText = EnumSet.of(Permission.JOURNAL_READ, Permission.SESSION_READ,
                Permission.SCREENING_READ, Permission.CLINICAL_SUMMARY_READ, Permission.PROGRESS_READ);
        clinicalText.forEach(permission -> assertThat(permission.allows(Relationship.COORDINATOR)).as(permission.name())
                .isFalse());
        assertThat(Permission.CARE_TEAM_MANAGE.allowed()).containsExactly(Relationship.COORDINATOR);
    }

    @Test
    void onlyTheResponsibleClinicianOrAnEmergencyAccessResumesAPausedPlan() {
        assertThat(Permission.PLAN_RESUME.allowed()).containsExactlyInAnyOrder(Relationship.RESPONSIBLE_CLINICIAN,
                Relationship.EMERGENCY_ACCESS);
    }

    @Test
    void aSupervisingClinicianSeesTheSessionsTheySuperviseAndTheSummaryButNotTheRestOfTheRecord() {
        assertThat(Permission.CLINICAL_SUMMARY_READ.allows(Relationship.SUPERVISING_CLINICIAN)).isTrue();
        assertThat(Permission.SESSION_READ.allows(Relationship.BOOKED_PROVIDER)).isTrue();
        for (Permission permission : EnumSet.of(Permission.IDENTITY_READ, Permission.SCREENING_READ,
                Permission.JOURNAL_READ, Permission.PROGRESS_READ, Permission.NOTIFICATIONS_READ)) {
            assertThat(permission.allows(Relationship.SUPERVISING_CLINICIAN)).as(permission.name()).isFalse();
        }
    }

    @Test
    void aCoachSeesIntegrationAndTheScheduleOnly() {
        Set<Permission> coach = EnumSet.noneOf(Permission.class);
        Arrays.stream(Permission.values()).filter(permission -> permission.allows(Relationship.COACH)).forEach(coach::add);
        assertThat(coach).containsExactlyInAnyOrder(Permission.CARE_TEAM_READ, Permission.SCHEDULE_READ,
                Permission.APPOINTMENT_BOOK, Permission.SESSION_LIST, Permission.PROGRESS_READ, Permission.JOURNAL_READ,
                Permission.COACHING_RECORD, Permission.NOTIFICATIONS_READ);
    }

    @Test
    void theAccessDocumentShowsThisTable() throws java.io.IOException {
        String access = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "access.md"));
        assertThat(access).as("docs/access.md's access table: paste Permission.markdownTable() into it")
                .contains(Permission.markdownTable());
    }

    @Test
    void theTableRendersOneRowPerPermission() {
        String table = Permission.markdownTable();
        assertThat(table.lines()).hasSize(Permission.values().length + 2);
        assertThat(table.lines().skip(2)).allSatisfy(row -> assertThat(row).startsWith("| ").endsWith("|"));
        assertThat(table).contains("| Journal text and coaching notes: read (`JOURNAL_READ`) | ✓ | ✓ |");
    }
}

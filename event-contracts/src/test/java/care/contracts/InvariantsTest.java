package care.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.contracts.audit.AccessRecorded;
import care.contracts.intake.CareTeamChanged;
import care.contracts.intake.StaffMemberChanged;
import care.contracts.integration.OutcomeMeasured;
import care.contracts.intake.Contraindication;
import care.contracts.intake.EligibilityApproved;
import care.contracts.intake.PatientContactChanged;
import care.contracts.intake.ScreeningCompleted;
import care.contracts.scheduling.AppointmentBooked;
import care.contracts.scheduling.AppointmentKind;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.session.SessionDeferred;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Constructors reject events that break the domain's invariants, with messages free of personal values. */
class InvariantsTest {

    private final EligibilityApproved approved = SampleEvents.first(EligibilityApproved.class);

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void plansHaveFourToEightSessions(int sessions) {
        assertThat(approvedWith(sessions).plannedSessions()).isEqualTo(sessions);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 9})
    void plansOutsideFourToEightSessionsAreRejected(int sessions) {
        assertThatThrownBy(() -> approvedWith(sessions))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plannedSessions must be between 4 and 8");
    }

    @Test
    void missingIdsAreNamed() {
        assertThatThrownBy(() -> new EligibilityApproved(approved.eventId(), approved.patientId(), approved.occurredAt(),
                null, approved.clinicianId(), approved.programId(), 6, "1.0", List.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("consultationId is required");
        assertThatThrownBy(() -> new EligibilityApproved(approved.eventId(), null, approved.occurredAt(),
                approved.consultationId(), approved.clinicianId(), approved.programId(), 6, "1.0", List.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("patientId is required");
    }

    @Test
    void listsAreCopiedAndImmutable() {
        List<Contraindication> accepted = new ArrayList<>(approved.acceptedRelativeContraindications());
        EligibilityApproved event = new EligibilityApproved(approved.eventId(), approved.patientId(),
                approved.occurredAt(), approved.consultationId(), approved.clinicianId(), approved.programId(), 6, "1.0",
                accepted);
        accepted.clear();

        assertThat(event.acceptedRelativeContraindications()).hasSize(1);
        assertThatThrownBy(() -> event.acceptedRelativeContraindications().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void versionsAreNumericSoTheyCannotCarryText() {
        assertThatThrownBy(() -> new EligibilityApproved(approved.eventId(), approved.patientId(), approved.occurredAt(),
                approved.consultationId(), approved.clinicianId(), approved.programId(), 6, "per Dr. Smith", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("Smith");
    }

    @Test
    void screeningScoresStayInTheirRanges() {
        ScreeningCompleted s = SampleEvents.first(ScreeningCompleted.class);
        assertThatThrownBy(() -> new ScreeningCompleted(s.eventId(), s.patientId(), s.occurredAt(), s.screeningId(), 22,
                s.gad7Band(), s.phq9Total(), s.phq9Band(), false, List.of()))
                .hasMessage("gad7Total must be between 0 and 21");
        assertThatThrownBy(() -> new ScreeningCompleted(s.eventId(), s.patientId(), s.occurredAt(), s.screeningId(),
                s.gad7Total(), s.gad7Band(), 0, ScreeningCompleted.Phq9Band.NONE_MINIMAL, true, List.of()))
                .hasMessage("phq9Item9Positive needs a phq9Total above 0");
    }

    @Test
    void outcomeScoresFollowTheInstrument() {
        OutcomeMeasured m = SampleEvents.first(OutcomeMeasured.class);
        assertThatNoException().isThrownBy(() -> new OutcomeMeasured(m.eventId(), m.patientId(), m.occurredAt(),
                m.measurementId(), null, OutcomeMeasured.Instrument.PHQ9, 27, OutcomeMeasured.Timepoint.BASELINE, null,
                false, false, OutcomeMeasured.Band.SEVERE, null, true));
        assertThatThrownBy(() -> new OutcomeMeasured(m.eventId(), m.patientId(), m.occurredAt(), m.measurementId(), null,
                OutcomeMeasured.Instrument.GAD7, 22, OutcomeMeasured.Timepoint.BASELINE, null, false, false, null, null, false))
                .hasMessage("score must be between 0 and 21");
        assertThatThrownBy(() -> new OutcomeMeasured(m.eventId(), m.patientId(), m.occurredAt(), m.measurementId(), null,
                OutcomeMeasured.Instrument.GAD7, 3, OutcomeMeasured.Timepoint.AFTER_SESSION_2, null, true, false, null, null,
                false))
                .hasMessage("response and remission need a baselineScore");
        assertThatThrownBy(() -> new OutcomeMeasured(m.eventId(), m.patientId(), m.occurredAt(), m.measurementId(), null,
                OutcomeMeasured.Instrument.GAD7, 15, OutcomeMeasured.Timepoint.AFTER_SESSION_2, 20, false, false,
                OutcomeMeasured.Band.MODERATELY_SEVERE, -5, false))
                .hasMessage("band does not match score");
        assertThatThrownBy(() -> new OutcomeMeasured(m.eventId(), m.patientId(), m.occurredAt(), m.measurementId(), null,
                OutcomeMeasured.Instrument.GAD7, 15, OutcomeMeasured.Timepoint.AFTER_SESSION_2, 20, false, false,
                OutcomeMeasured.Band.SEVERE, 5, false))
                .hasMessage("changeFromBaseline must be score - baselineScore");
        assertThatThrownBy(() -> new OutcomeMeasured(m.eventId(), m.patientId(), m.occurredAt(), m.measurementId(), null,
                OutcomeMeasured.Instrument.GAD7, 15, OutcomeMeasured.Timepoint.AFTER_SESSION_2, 20, false, false,
                OutcomeMeasured.Band.SEVERE, -5, true))
                .hasMessage("phq9Item9Positive needs a PHQ9 score above 0");
    }

    @Test
    void bandsFollowEachInstrumentsCutOffs() {
        assertThat(OutcomeMeasured.Band.of(OutcomeMeasured.Instrument.GAD7, 4)).isEqualTo(OutcomeMeasured.Band.MINIMAL);
        assertThat(OutcomeMeasured.Band.of(OutcomeMeasured.Instrument.GAD7, 5)).isEqualTo(OutcomeMeasured.Band.MILD);
        assertThat(OutcomeMeasured.Band.of(OutcomeMeasured.Instrument.GAD7, 9)).isEqualTo(OutcomeMeasured.Band.MILD);
        assertThat(OutcomeMeasured.Band.of(OutcomeMeasured.Instrument.GAD7, 10)).isEqualTo(OutcomeMeasured.Band.MODERATE);
        assertThat(OutcomeMeasured.Band.of(OutcomeMeasured.Instrument.GAD7, 14)).isEqualTo(OutcomeMeasured.Band.MODERATE);
        assertThat(OutcomeMeasured.Band.of(OutcomeMeasured.Instrument.GAD7, 15)).isEqualTo(OutcomeMeasured.Band.SEVERE);
        assertThat(OutcomeMeasured.Band.of(OutcomeMeasured.Instrument.PHQ9, 15))
                .isEqualTo(OutcomeMeasured.Band.MODERATELY_SEVERE);
        assertThat(OutcomeMeasured.Band.of(OutcomeMeasured.Instrument.PHQ9, 19))
                .isEqualTo(OutcomeMeasured.Band.MODERATELY_SEVERE);
        assertThat(OutcomeMeasured.Band.of(OutcomeMeasured.Instrument.PHQ9, 20)).isEqualTo(OutcomeMeasured.Band.SEVERE);
        assertThatThrownBy(() -> OutcomeMeasured.Band.of(OutcomeMeasured.Instrument.GAD7, 22))
                .hasMessage("score must be between 0 and 21");
    }

    @Test
    void appointmentsEndAfterTheyStartAndConsultationsHaveNoPlan() {
        AppointmentBooked b = SampleEvents.first(AppointmentBooked.class);
        assertThatThrownBy(() -> new AppointmentBooked(b.eventId(), b.patientId(), b.occurredAt(), b.appointmentId(),
                b.planId(), b.consultationId(), b.providerId(), b.kind(), b.sessionNumber(), b.endsAt(), b.startsAt(),
                false))
                .hasMessage("endsAt must be after startsAt");
        assertThatThrownBy(() -> new AppointmentBooked(b.eventId(), b.patientId(), b.occurredAt(), b.appointmentId(),
                null, null, b.providerId(), AppointmentKind.DOSING_SESSION, 1, b.startsAt(), b.endsAt(), false))
                .hasMessage("planId is required unless the appointment is a consultation");
    }

    @Test
    void aPlanCannotCompleteMoreSessionsThanPlanned() {
        TreatmentPlanCompleted c = SampleEvents.first(TreatmentPlanCompleted.class);
        assertThatThrownBy(() -> new TreatmentPlanCompleted(c.eventId(), c.patientId(), c.occurredAt(), c.planId(),
                TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED, 5, 6, null))
                .hasMessage("ALL_SESSIONS_COMPLETED needs completedSessions equal to plannedSessions");
    }

    @Test
    void aBloodPressureDeferralCarriesTheReading() {
        SessionDeferred d = SampleEvents.first(SessionDeferred.class);
        assertThatThrownBy(() -> new SessionDeferred(d.eventId(), d.patientId(), d.occurredAt(), d.sessionId(),
                d.appointmentId(), d.planId(), 1, SessionDeferred.Reason.BLOOD_PRESSURE_ABOVE_LIMIT, null))
                .hasMessage("bloodPressure is required when the reason is BLOOD_PRESSURE_ABOVE_LIMIT");
    }

    @Test
    void contactChecksNeverEchoTheContactDetails() {
        PatientContactChanged c = SampleEvents.first(PatientContactChanged.class);
        assertThatThrownBy(() -> new PatientContactChanged(c.eventId(), c.patientId(), c.occurredAt(), false, c.email(),
                "720-555-0123", c.timeZone(), c.preferredName()))
                .hasMessage("phone must be in E.164 form");
        assertThatThrownBy(() -> new PatientContactChanged(c.eventId(), c.patientId(), c.occurredAt(), false,
                "alex at example", null, c.timeZone(), null))
                .hasMessage("email is not a valid address");
        assertThatThrownBy(() -> new PatientContactChanged(c.eventId(), c.patientId(), c.occurredAt(), false, c.email(),
                null, "Mountain Time", null))
                .hasMessage("timeZone must be an IANA time zone id");
        assertThatThrownBy(() -> new PatientContactChanged(c.eventId(), c.patientId(), c.occurredAt(), true, c.email(),
                null, null, null))
                .hasMessage("an erasure carries no contact details");
    }

    @Test
    void schemaAcceptsEveryTimeZoneTheRecordAccepts() {
        String pattern = ContractDocuments.schema(EventType.PATIENT_CONTACT_CHANGED)
                .path("properties").path("timeZone").path("pattern").asString();

        assertThat(ZoneId.getAvailableZoneIds()).allMatch(zone -> zone.matches(pattern));
    }

    @Test
    void aCareTeamChangeListsWhatItAddsAndNotWhatItRemoves() {
        Instant at = Instant.parse("2026-03-05T17:45:00Z");
        CareTeamChanged.Member responsible = new CareTeamChanged.Member(SampleEvents.CLINICIAN,
                CareTeamChanged.Role.RESPONSIBLE_CLINICIAN, at, null, null);
        assertThatThrownBy(() -> new CareTeamChanged(approved.eventId(), approved.patientId(), at, 2,
                CareTeamChanged.Change.MEMBER_ADDED, SampleEvents.COACH, CareTeamChanged.Role.COACH, List.of(responsible)))
                .hasMessageContaining("members must list staffId with role");
        assertThatThrownBy(() -> new CareTeamChanged(approved.eventId(), approved.patientId(), at, 2,
                CareTeamChanged.Change.MEMBER_REMOVED, SampleEvents.CLINICIAN,
                CareTeamChanged.Role.RESPONSIBLE_CLINICIAN, List.of(responsible)))
                .hasMessageContaining("not after a removal");
        assertThatThrownBy(() -> new CareTeamChanged(approved.eventId(), approved.patientId(), at, 0,
                CareTeamChanged.Change.MEMBER_ADDED, SampleEvents.CLINICIAN,
                CareTeamChanged.Role.RESPONSIBLE_CLINICIAN, List.of(responsible)))
                .hasMessage("version must be at least 1");
        CareTeamChanged.Member second = new CareTeamChanged.Member(SampleEvents.SUPERVISOR,
                CareTeamChanged.Role.RESPONSIBLE_CLINICIAN, at, null, null);
        assertThatThrownBy(() -> new CareTeamChanged(approved.eventId(), approved.patientId(), at, 3,
                CareTeamChanged.Change.MEMBER_ADDED, SampleEvents.SUPERVISOR,
                CareTeamChanged.Role.RESPONSIBLE_CLINICIAN, List.of(responsible, second)))
                .hasMessage("members has at most one RESPONSIBLE_CLINICIAN");
    }

    @Test
    void emergencyAccessAlwaysEndsAndNothingElseDoes() {
        Instant at = Instant.parse("2026-03-11T16:50:00Z");
        assertThatThrownBy(() -> new CareTeamChanged.Member(SampleEvents.ON_CALL, CareTeamChanged.Role.EMERGENCY_ACCESS,
                at, null, SampleEvents.GRANT)).hasMessageContaining("expiresAt is required exactly for EMERGENCY_ACCESS");
        assertThatThrownBy(() -> new CareTeamChanged.Member(SampleEvents.COACH, CareTeamChanged.Role.COACH, at,
                at.plusSeconds(60), null)).hasMessageContaining("expiresAt is required exactly for EMERGENCY_ACCESS");
        assertThatThrownBy(() -> new CareTeamChanged.Member(SampleEvents.ON_CALL, CareTeamChanged.Role.EMERGENCY_ACCESS,
                at, at, SampleEvents.GRANT)).hasMessageContaining("expiresAt must be after");
    }

    @Test
    void onlyCliniciansHaveLicensedJurisdictions() {
        assertThatThrownBy(() -> new StaffMemberChanged(approved.eventId(), SampleEvents.COACH, approved.occurredAt(), 1,
                List.of(StaffMemberChanged.StaffRole.COACH), List.of("US-CA")))
                .hasMessageContaining("licensedJurisdictions must be empty");
        assertThatThrownBy(() -> new StaffMemberChanged(approved.eventId(), SampleEvents.CLINICIAN,
                approved.occurredAt(), 1, List.of(StaffMemberChanged.StaffRole.CLINICIAN), List.of("California")))
                .hasMessageContaining("licensedJurisdictions must match");
    }

    @Test
    void anAccessRecordNamesItsBasisWhenGrantedAndItsReasonWhenDenied() {
        AccessRecorded sample = SampleEvents.first(AccessRecorded.class);
        assertThatThrownBy(() -> new AccessRecorded(sample.eventId(), sample.patientId(), sample.occurredAt(),
                sample.service(), sample.actorId(), sample.actorRole(), sample.action(), sample.permission(),
                AccessRecorded.Outcome.GRANTED, null, null, null, null))
                .hasMessage("basis is required exactly when access was granted");
        assertThatThrownBy(() -> new AccessRecorded(sample.eventId(), sample.patientId(), sample.occurredAt(),
                sample.service(), sample.actorId(), sample.actorRole(), sample.action(), sample.permission(),
                AccessRecorded.Outcome.DENIED, null, null, null, null))
                .hasMessage("reason is required exactly when access was denied");
        assertThatThrownBy(() -> new AccessRecorded(sample.eventId(), sample.patientId(), sample.occurredAt(),
                sample.service(), sample.actorId(), sample.actorRole(), sample.action(), sample.permission(),
                AccessRecorded.Outcome.GRANTED, AccessRecorded.Basis.EMERGENCY_ACCESS, null, null, null))
                .hasMessageContaining("emergencyGrantId is given exactly");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alex.r@example.org", "1984-07-12", "+17205550123", "Alex Rivera", "4155550123"})
    void anActorIdCannotCarryContactDetailsDatesOrWords(String actor) {
        assertThat(AccessRecorded.ACTOR.matcher(actor).matches()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"6f1c2e0a-3b7d-4c1e-9a55-0d2b8f4e7a10", "auth0|5f1c2e0a", "coord-1", "user-42"})
    void anActorIdTakesTheIdentifiersIdentityProvidersIssue(String actor) {
        assertThat(AccessRecorded.ACTOR.matcher(actor).matches()).isTrue();
    }

    private EligibilityApproved approvedWith(int sessions) {
        return new EligibilityApproved(approved.eventId(), approved.patientId(), Instant.parse("2026-03-05T17:45:00Z"),
                approved.consultationId(), approved.clinicianId(), approved.programId(), sessions, "1.0", List.of());
    }
}

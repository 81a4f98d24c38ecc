package care.notification.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import care.contracts.notification.Channel;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;
import care.notification.policy.MessageTemplates.Context;
import care.notification.policy.MessageTemplates.Message;

class MessageTemplatesTest {

    /** The longest clinic name allowed: 40 characters. */
    static final String CLINIC = "Riverside Family Wellbeing Centre Albany";
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** A Wednesday in September with a two-digit day: the longest date text. */
    static final Instant START = LocalDateTime.parse("2026-09-30T14:00").atZone(NEW_YORK).toInstant();
    static final UUID PATIENT = UUID.fromString("3f2b8c1e-9d4a-4b7e-8f00-1234567890ab");
    static final Context CONTEXT = new Context(START, NEW_YORK, "Alex", PATIENT);
    /** Whom each purpose is for, written here independently of {@link MessageTemplates#recipients}. */
    static final Map<Purpose, Set<Recipient>> RECIPIENTS = new EnumMap<>(Map.ofEntries(
            Map.entry(Purpose.APPOINTMENT_CONFIRMATION, EnumSet.of(Recipient.PATIENT)),
            Map.entry(Purpose.APPOINTMENT_REMINDER, EnumSet.of(Recipient.PATIENT)),
            Map.entry(Purpose.APPOINTMENT_CHANGED, EnumSet.of(Recipient.PATIENT)),
            Map.entry(Purpose.APPOINTMENT_CANCELLED, EnumSet.of(Recipient.PATIENT)),
            Map.entry(Purpose.PREPARATION_REMINDER, EnumSet.of(Recipient.PATIENT)),
            Map.entry(Purpose.JOURNALING_NUDGE, EnumSet.of(Recipient.PATIENT)),
            Map.entry(Purpose.OUTCOME_MEASURE_REQUEST, EnumSet.of(Recipient.PATIENT)),
            Map.entry(Purpose.SAFETY_ESCALATION, EnumSet.of(Recipient.CLINICIAN)),
            Map.entry(Purpose.MONITOR_CHECK_ESCALATION, EnumSet.of(Recipient.CLINICIAN)),
            Map.entry(Purpose.EMERGENCY_ACCESS_OPENED, EnumSet.of(Recipient.CLINICIAN)),
            Map.entry(Purpose.PLAN_ENDED, EnumSet.of(Recipient.PATIENT, Recipient.CLINICIAN, Recipient.COACH))));
    static final Set<Purpose> WITH_DATE = EnumSet.of(Purpose.APPOINTMENT_CONFIRMATION, Purpose.APPOINTMENT_REMINDER,
            Purpose.APPOINTMENT_CHANGED, Purpose.APPOINTMENT_CANCELLED, Purpose.PREPARATION_REMINDER);

    /** Written here, independently of {@link MessageTemplates#HEALTH_TERMS}: none may appear in any message. */
    static final List<Pattern> FORBIDDEN = Stream.of("ketamine", "esketamine", "spravato", "anxiety", "anxious",
            "depression", "depressed", "GAD", "GAD-7", "PHQ", "PHQ-9", "score", "scores", "dosing", "dose", "doses",
            "session", "sessions", "coaching", "integration", "therapy", "therapist", "treatment", "diagnosis",
            "diagnosed", "suicide", "suicidal", "self-harm", "medication", "drug", "infusion", "psychedelic",
            "psychiatric", "mental health", "blood pressure", "prescription", "escalation", "adverse")
            .map(word -> Pattern.compile("\\b" + Pattern.quote(word) + "\\b", Pattern.CASE_INSENSITIVE)).toList();

    final MessageTemplates templates = new MessageTemplates(CLINIC);

    /** Every message there is: each purpose, to each of its recipients, by each channel. */
    static Stream<Arguments> everyMessage() {
        List<Arguments> all = new ArrayList<>();
        for (Purpose purpose : Purpose.values()) {
            for (Recipient recipient : RECIPIENTS.get(purpose)) {
                for (Channel channel : Channel.values()) {
                    all.add(Arguments.of(purpose, recipient, channel));
                }
            }
        }
        return all.stream();
    }

    @Test
    void theTestCoversEveryPurposeRecipientAndChannelAndTheLongestNameAndDate() {
        assertThat(Channel.values()).containsExactlyInAnyOrder(Channel.EMAIL, Channel.SMS, Channel.PUSH);
        assertThat(RECIPIENTS).containsOnlyKeys(Purpose.values());
        for (Purpose purpose : Purpose.values()) {
            assertThat(MessageTemplates.recipients(purpose)).as("recipients of %s", purpose)
                    .isEqualTo(RECIPIENTS.get(purpose));
        }
        assertThat(CLINIC).hasSize(40);
        assertThat(START.atZone(NEW_YORK).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.WEDNESDAY);
        assertThat(START.atZone(NEW_YORK).getDayOfMonth()).isEqualTo(30);
    }

    @ParameterizedTest(name = "{0} to {1} by {2}")
    @MethodSource("everyMessage")
    void noMessageContainsHealthInformation(Purpose purpose, Recipient recipient, Channel channel) {
        Message message = templates.render(purpose, recipient, channel, CONTEXT);
        String all = (message.subject() == null ? "" : message.subject() + "\n") + message.body();
        String lower = all.toLowerCase(Locale.ROOT);
        for (String term : MessageTemplates.HEALTH_TERMS) {
            assertThat(lower).as("health term '%s' in %s", term, all).doesNotContain(term.toLowerCase(Locale.ROOT));
        }
        for (Pattern forbidden : FORBIDDEN) {
            assertThat(forbidden.matcher(all).find()).as("'%s' in %s", forbidden.pattern(), all).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} to {1} by {2}")
    @MethodSource("everyMessage")
    void everyMessageNamesTheClinic(Purpose purpose, Recipient recipient, Channel channel) {
        Message message = templates.render(purpose, recipient, channel, CONTEXT);
        if (channel == Channel.EMAIL) {
            assertThat(message.subject()).isNotBlank();
            assertThat(message.subject() + "\n" + message.body()).contains(CLINIC);
            if (recipient == Recipient.PATIENT) {
                assertThat(message.subject()).startsWith(CLINIC + ":");
            }
        } else {
            assertThat(message.subject()).isNull();
            assertThat(message.body()).startsWith(CLINIC + ":");
        }
    }

    @ParameterizedTest(name = "{0} to {1} by {2}")
    @MethodSource("everyMessage")
    void textsAreShorterThan160CharactersWithTheLongestNameAndDate(Purpose purpose, Recipient recipient,
            Channel channel) {
        Message message = templates.render(purpose, recipient, channel, CONTEXT);
        if (channel != Channel.EMAIL) {
            assertThat(message.body().length()).as(message.body()).isLessThan(160);
            if (WITH_DATE.contains(purpose)) {
                assertThat(message.body()).contains("Wed 30 Sep at 14:00");
            }
        }
    }

    @ParameterizedTest(name = "{0} to {1} by {2}")
    @MethodSource("everyMessage")
    void patientTextsTellHowToStopThem(Purpose purpose, Recipient recipient, Channel channel) {
        Message message = templates.render(purpose, recipient, channel, CONTEXT);
        if (channel != Channel.EMAIL && recipient == Recipient.PATIENT) {
            assertThat(message.body()).contains("STOP");
        }
    }

    @ParameterizedTest(name = "{0} to {1} by {2}")
    @MethodSource("everyMessage")
    void thePreferredNameNeverAppearsInAText(Purpose purpose, Recipient recipient, Channel channel) {
        Message message = templates.render(purpose, recipient, channel, CONTEXT);
        if (channel != Channel.EMAIL) {
            assertThat(message.body()).doesNotContain("Alex");
        }
    }

    @ParameterizedTest(name = "{0} to {1} by {2}")
    @MethodSource("everyMessage")
    void messagesToTheCareTeamNameThePatientOnlyByReference(Purpose purpose, Recipient recipient, Channel channel) {
        Message message = templates.render(purpose, recipient, channel, CONTEXT);
        String all = (message.subject() == null ? "" : message.subject() + "\n") + message.body();
        if (recipient != Recipient.PATIENT) {
            assertThat(all).contains("ref 3f2b8c1e").doesNotContain("Alex", "Hello");
            if (channel != Channel.EMAIL) {
                assertThat(message.body()).doesNotContain(PATIENT.toString());
            }
        }
    }

    @Test
    void aMessageIsRenderedOnlyForWhomItIsMeant() {
        assertThatThrownBy(() -> templates.render(Purpose.SAFETY_ESCALATION, Recipient.PATIENT, Channel.SMS, CONTEXT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> templates.render(Purpose.EMERGENCY_ACCESS_OPENED, Recipient.COACH, Channel.EMAIL,
                CONTEXT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> templates.render(Purpose.APPOINTMENT_REMINDER, Recipient.CLINICIAN, Channel.SMS,
                CONTEXT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmergencyAccessTellsTheClinicianWhereToSeeWhoAndWhy() {
        assertThat(templates.render(Purpose.EMERGENCY_ACCESS_OPENED, Recipient.CLINICIAN, Channel.SMS, CONTEXT).body())
                .isEqualTo(CLINIC + ": a colleague opened emergency access to a patient in your care (ref 3f2b8c1e);"
                        + " see who and why in the care platform.");
        Message email = templates.render(Purpose.EMERGENCY_ACCESS_OPENED, Recipient.CLINICIAN, Channel.EMAIL, CONTEXT);
        assertThat(email.subject()).isEqualTo("Emergency access opened to a patient in your care (ref 3f2b8c1e)");
        assertThat(email.body()).contains("opened emergency access", PATIENT.toString(), "who and why")
                .doesNotContain("URGENT");
    }

    @Test
    void aPlanThatEndedTellsThePatientOnlyThatThereIsAnUpdateAndTheCareTeamWhichPatient() {
        assertThat(templates.render(Purpose.PLAN_ENDED, Recipient.PATIENT, Channel.SMS, CONTEXT).body())
                .isEqualTo(CLINIC + ": there is an update about your care. Please check the app or call the clinic."
                        + " Reply STOP to opt out.");
        Message email = templates.render(Purpose.PLAN_ENDED, Recipient.PATIENT, Channel.EMAIL, CONTEXT);
        assertThat(email.subject()).isEqualTo(CLINIC + ": an update about your care");
        assertThat(email.body()).startsWith("Hello Alex,").contains("Please check the app or call the clinic")
                .doesNotContain("plan", "ended", "3f2b8c1e");
        for (Recipient member : List.of(Recipient.CLINICIAN, Recipient.COACH)) {
            assertThat(templates.render(Purpose.PLAN_ENDED, member, Channel.SMS, CONTEXT).body())
                    .isEqualTo(CLINIC + ": the plan of a patient in your care has ended early, ref 3f2b8c1e."
                            + " Details in the care platform.");
            assertThat(templates.render(Purpose.PLAN_ENDED, member, Channel.EMAIL, CONTEXT).body())
                    .contains(PATIENT.toString());
        }
    }

    @Test
    void patientEmailsGreetByThePreferredNameAndWithoutOne() {
        assertThat(templates.render(Purpose.APPOINTMENT_REMINDER, Recipient.PATIENT, Channel.EMAIL, CONTEXT).body()).startsWith("Hello Alex,");
        assertThat(templates.render(Purpose.APPOINTMENT_REMINDER, Recipient.PATIENT, Channel.EMAIL, new Context(START, NEW_YORK, null,
                PATIENT)).body()).startsWith("Hello,");
        assertThat(templates.render(Purpose.APPOINTMENT_REMINDER, Recipient.PATIENT, Channel.EMAIL, CONTEXT).body())
                .contains("Wednesday 30 September at 14:00");
    }

    @Test
    void escalationsReferToThePatientOnlyByReference() {
        Message text = templates.render(Purpose.SAFETY_ESCALATION, Recipient.CLINICIAN, Channel.SMS, CONTEXT);
        assertThat(text.body()).contains("URGENT").contains("ref 3f2b8c1e").doesNotContain(PATIENT.toString());
        Message email = templates.render(Purpose.MONITOR_CHECK_ESCALATION, Recipient.CLINICIAN, Channel.EMAIL, CONTEXT);
        assertThat(email.subject()).contains("URGENT").contains("3f2b8c1e");
        assertThat(email.body()).contains(PATIENT.toString()).doesNotContain("Alex");
    }

    @Test
    void timesAreShownInThePatientsZone() {
        Context auckland = new Context(START, ZoneId.of("Pacific/Auckland"), "Alex", PATIENT);
        // 14:00 EDT on Wed 30 Sep is 07:00 NZDT on Thu 1 Oct
        assertThat(templates.render(Purpose.APPOINTMENT_REMINDER, Recipient.PATIENT, Channel.SMS, auckland).body())
                .contains("Thu 1 Oct at 07:00");
    }

    @Test
    void aClinicNameWithAHealthTermIsRefused() {
        assertThatThrownBy(() -> new MessageTemplates("Ketamine Wellness")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageTemplates("Bright Mind Therapy")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageTemplates("City ANXIETY Clinic")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClinicNameMustBeOneTo40Characters() {
        assertThatThrownBy(() -> new MessageTemplates(CLINIC + "X")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageTemplates("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageTemplates("   ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessageTemplates(null)).isInstanceOf(NullPointerException.class);
        // surrounding blanks are not part of the name
        assertThat(new MessageTemplates("  " + CLINIC + "  ").render(Purpose.JOURNALING_NUDGE, Recipient.PATIENT, Channel.SMS, CONTEXT)
                .body()).startsWith(CLINIC + ":");
    }
}

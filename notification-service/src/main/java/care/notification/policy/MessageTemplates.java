package care.notification.policy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import care.contracts.notification.Channel;
import care.contracts.notification.Purpose;
import care.contracts.notification.Recipient;

/**
 * Every message text the platform sends. A text says THAT something is waiting, never WHAT: no drug name,
 * diagnosis, score, questionnaire name or session type (docs/clinical-rules.md, text message content; HIPAA minimum necessary),
 * so a message read over the patient's shoulder or on a locked screen discloses nothing about their care.
 * Texts (SMS and push) are under {@value #SMS_LIMIT} characters, start with the clinic's name and, to a patient,
 * tell how to stop them. Details are behind sign-in, in the app. Messages to the care team (a clinician or a coach)
 * name the patient only by a reference to look up in the care platform.
 * <p>
 * {@link #render} refuses to produce a text over the limit or containing a {@linkplain #HEALTH_TERMS health
 * term}, so a configured clinic name that breaks the rules fails at start-up, not in a patient's pocket.
 */
public final class MessageTemplates {

    /** Texts are shorter than this. */
    public static final int SMS_LIMIT = 160;

    /** Words that would disclose health information; no message may contain one (case-insensitive). */
    public static final List<String> HEALTH_TERMS = List.of("ketamine", "esketamine", "spravato", "dose", "dosing",
            "infusion", "psychedelic", "anxiety", "depress", "diagnos", "disorder", "gad-7", "gad7", "phq", "score",
            "suicid", "self-harm", "mental", "psychiatr", "therapy", "treatment", "medication", "drug", "session",
            "coaching", "integration", "blood pressure", "adverse", "escalation", "prescription");

    private static final Pattern HEALTH = Pattern.compile(String.join("|",
            HEALTH_TERMS.stream().map(Pattern::quote).toList()), Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM 'at' HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter WHEN_WITH_ZONE = DateTimeFormatter.ofPattern("EEEE d MMMM 'at' HH:mm (zzz)",
            Locale.ENGLISH);
    private static final String STOP = " Reply STOP to opt out.";

    private final String clinic;

    /** @param clinic the clinic's name as patients know it, used as the sender in every message */
    public MessageTemplates(String clinic) {
        this.clinic = Objects.requireNonNull(clinic, "clinic").strip();
        if (this.clinic.isEmpty() || this.clinic.length() > 40) {
            throw new IllegalArgumentException("the clinic name must be 1 to 40 characters");
        }
        if (HEALTH.matcher(this.clinic).find()) {
            throw new IllegalArgumentException("the clinic name may not contain a health term (messages would disclose it)");
        }
    }

    /** What a message is about; only what the words need, nothing about the patient's care. */
    public record Context(Instant appointmentStart, ZoneId zone, String preferredName, UUID patientReference) {
    }

    /** A rendered message: subject (email only, otherwise null) and body. */
    public record Message(String subject, String body) {
    }

    /** Whom messages of this purpose are for: the patient, or members of the patient's care team. */
    public static Set<Recipient> recipients(Purpose purpose) {
        return switch (purpose) {
            case APPOINTMENT_CONFIRMATION, APPOINTMENT_REMINDER, APPOINTMENT_CHANGED, APPOINTMENT_CANCELLED,
                    PREPARATION_REMINDER, JOURNALING_NUDGE, OUTCOME_MEASURE_REQUEST -> Set.of(Recipient.PATIENT);
            case SAFETY_ESCALATION, MONITOR_CHECK_ESCALATION, EMERGENCY_ACCESS_OPENED -> Set.of(Recipient.CLINICIAN);
            case PLAN_ENDED -> Set.of(Recipient.PATIENT, Recipient.CLINICIAN, Recipient.COACH);
        };
    }

    /** The message for this purpose, recipient and channel, checked against the rules above. */
    public Message render(Purpose purpose, Recipient recipient, Channel channel, Context context) {
        if (!recipients(purpose).contains(recipient)) {
            throw new IllegalArgumentException(purpose + " is not a message for the " + recipient);
        }
        Message message;
        if (recipient == Recipient.PATIENT) {
            message = channel == Channel.EMAIL ? email(purpose, context) : text(purpose, context);
        } else {
            message = channel == Channel.EMAIL ? staffEmail(purpose, context) : staffText(purpose, context);
        }
        check(message, channel);
        return message;
    }

    private Message text(Purpose purpose, Context context) {
        String body = switch (purpose) {
            case APPOINTMENT_CONFIRMATION -> clinic + ": your appointment is booked for " + when(context) + "."
                    + " Details in the app." + STOP;
            case APPOINTMENT_REMINDER -> clinic + ": a reminder of your appointment on " + when(context) + "."
                    + " Details in the app." + STOP;
            case APPOINTMENT_CHANGED -> clinic + ": your appointment has moved to " + when(context) + "."
                    + " Details in the app." + STOP;
            case APPOINTMENT_CANCELLED -> clinic + ": your appointment on " + when(context) + " is cancelled."
                    + " Details in the app." + STOP;
            case PREPARATION_REMINDER -> clinic + ": please complete your checklist in the app before your visit on "
                    + when(context) + "." + STOP;
            case JOURNALING_NUDGE -> clinic + ": a new reflection prompt is waiting for you in the app." + STOP;
            case OUTCOME_MEASURE_REQUEST -> clinic + ": a short check-in is waiting for you in the app." + STOP;
            case PLAN_ENDED -> clinic + ": there is an update about your care. Please check the app or call the clinic."
                    + STOP;
            case SAFETY_ESCALATION, MONITOR_CHECK_ESCALATION, EMERGENCY_ACCESS_OPENED ->
                    throw new IllegalArgumentException(purpose + " is not a message for the patient");
        };
        return new Message(null, body);
    }

    private Message staffText(Purpose purpose, Context context) {
        String body = switch (purpose) {
            case SAFETY_ESCALATION -> clinic + ": URGENT. A patient needs your review now. Open the care platform, ref "
                    + reference(context) + ".";
            case MONITOR_CHECK_ESCALATION -> clinic + ": URGENT. A patient check-in needs your attention now. Open the"
                    + " care platform, ref " + reference(context) + ".";
            case EMERGENCY_ACCESS_OPENED -> clinic + ": a colleague opened emergency access to a patient in your care"
                    + " (ref " + reference(context) + "); see who and why in the care platform.";
            case PLAN_ENDED -> clinic + ": the plan of a patient in your care has ended early, ref "
                    + reference(context) + ". Details in the care platform.";
            default -> throw new IllegalArgumentException(purpose + " is not a message for the care team");
        };
        return new Message(null, body);
    }

    private Message email(Purpose purpose, Context context) {
        String hello = context.preferredName() == null ? "Hello," : "Hello " + context.preferredName() + ",";
        String signOff = "\n\n" + clinic + "\nTo change how we contact you, open Preferences in the app.";
        return switch (purpose) {
            case APPOINTMENT_CONFIRMATION -> new Message(clinic + ": appointment booked",
                    hello + "\n\nyour appointment is booked for " + whenInFull(context) + ".\n"
                            + "You can see the details, move or cancel it in the app." + signOff);
            case APPOINTMENT_REMINDER -> new Message(clinic + ": appointment reminder",
                    hello + "\n\nthis is a reminder of your appointment on " + whenInFull(context) + ".\n"
                            + "You can see the details, move or cancel it in the app." + signOff);
            case APPOINTMENT_CHANGED -> new Message(clinic + ": appointment moved",
                    hello + "\n\nyour appointment has moved to " + whenInFull(context) + ".\n"
                            + "You can see the details in the app." + signOff);
            case APPOINTMENT_CANCELLED -> new Message(clinic + ": appointment cancelled",
                    hello + "\n\nyour appointment on " + whenInFull(context) + " is cancelled.\n"
                            + "You can book another one in the app." + signOff);
            case PREPARATION_REMINDER -> new Message(clinic + ": your checklist",
                    hello + "\n\nplease complete your checklist in the app before your visit on "
                            + whenInFull(context) + "." + signOff);
            case JOURNALING_NUDGE -> new Message(clinic + ": a reflection prompt is waiting",
                    hello + "\n\na new reflection prompt is waiting for you in the app, whenever you are ready."
                            + signOff);
            case OUTCOME_MEASURE_REQUEST -> new Message(clinic + ": a short check-in",
                    hello + "\n\na short check-in is waiting for you in the app. It takes a few minutes." + signOff);
            case PLAN_ENDED -> new Message(clinic + ": an update about your care",
                    hello + "\n\nthere is an update about your care. Please check the app or call the clinic."
                            + signOff);
            case SAFETY_ESCALATION, MONITOR_CHECK_ESCALATION, EMERGENCY_ACCESS_OPENED ->
                    throw new IllegalArgumentException(purpose + " is not a message for the patient");
        };
    }

    private Message staffEmail(Purpose purpose, Context context) {
        return switch (purpose) {
            case SAFETY_ESCALATION -> new Message("URGENT: a patient needs your review (ref " + reference(context) + ")",
                    "A patient in your care needs your review now.\nOpen the care platform and look up patient "
                            + context.patientReference() + ".\n\n" + clinic);
            case MONITOR_CHECK_ESCALATION -> new Message(
                    "URGENT: a patient check-in needs your attention (ref " + reference(context) + ")",
                    "A check-in of a patient in your care needs your attention now.\nOpen the care platform and"
                            + " look up patient " + context.patientReference() + ".\n\n" + clinic);
            case EMERGENCY_ACCESS_OPENED -> new Message(
                    "Emergency access opened to a patient in your care (ref " + reference(context) + ")",
                    "A colleague opened emergency access to a patient in your care.\nOpen the care platform and look"
                            + " up patient " + context.patientReference() + " to see who and why.\n\n" + clinic);
            case PLAN_ENDED -> new Message(
                    "The plan of a patient in your care has ended (ref " + reference(context) + ")",
                    "The plan of a patient in your care has ended early.\nOpen the care platform and look up patient "
                            + context.patientReference() + " for the details.\n\n" + clinic);
            default -> throw new IllegalArgumentException(purpose + " is not a message for the care team");
        };
    }

    private void check(Message message, Channel channel) {
        String all = (message.subject() == null ? "" : message.subject() + "\n") + message.body();
        var health = HEALTH.matcher(all);
        if (health.find()) {
            throw new IllegalStateException("a message may not contain the health term '" + health.group() + "'");
        }
        if (channel != Channel.EMAIL && message.body().length() >= SMS_LIMIT) {
            throw new IllegalStateException("a text must be shorter than " + SMS_LIMIT + " characters, not "
                    + message.body().length());
        }
    }

    private static String when(Context context) {
        return WHEN.format(Objects.requireNonNull(context.appointmentStart(), "appointmentStart").atZone(context.zone()));
    }

    private static String whenInFull(Context context) {
        return WHEN_WITH_ZONE.format(Objects.requireNonNull(context.appointmentStart(), "appointmentStart")
                .atZone(context.zone()));
    }

    private static String reference(Context context) {
        return context.patientReference().toString().substring(0, 8);
    }
}

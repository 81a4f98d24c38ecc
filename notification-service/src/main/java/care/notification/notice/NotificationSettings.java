package care.notification.notice;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import care.notification.policy.QuietHours;
import care.notification.policy.Retries;
import care.notification.policy.SmsAllowance;
import care.notification.policy.Timeliness;

/**
 * The notification rules and timings ({@code care.notification.*}); defaults from docs/clinical-rules.md.
 *
 * @param clinicName            the sender named in every message
 * @param clinicTimeZone        the time zone for a patient whose own is not known
 * @param appointmentReminders  how long before an appointment its reminders go
 * @param preparationReminder   how long before a dosing session the preparation reminder goes
 * @param journalingNudgeAfter  how long after a completed session the journaling nudge goes
 * @param quietStart            quiet hours' start, patient's local time (inclusive)
 * @param quietEnd              quiet hours' end (exclusive)
 * @param smsPerDay             non-urgent texts per calendar day
 * @param smsPerWeek            non-urgent texts per 7 days
 * @param onCallEmail           where a clinician's alert goes when the clinician has no contact
 * @param onCallPhone           the same, for a text
 * @param staleAfter            how late a nudge, a measure request or an alert may still go: an older one
 *                              (a first start reading old events, a long outage) is not sent
 * @param dispatch              the durable timer and retry timings
 */
public record NotificationSettings(String clinicName, ZoneId clinicTimeZone, List<Duration> appointmentReminders,
        Duration preparationReminder, Duration journalingNudgeAfter, LocalTime quietStart, LocalTime quietEnd,
        Integer smsPerDay, Integer smsPerWeek, String onCallEmail, String onCallPhone, Duration staleAfter,
        Dispatch dispatch) {

    public NotificationSettings {
        clinicName = clinicName == null ? "Care Clinic" : clinicName;
        clinicTimeZone = clinicTimeZone == null ? ZoneId.of("America/New_York") : clinicTimeZone;
        appointmentReminders = appointmentReminders == null || appointmentReminders.isEmpty()
                ? List.of(Duration.ofHours(24), Duration.ofHours(1)) : List.copyOf(appointmentReminders);
        preparationReminder = preparationReminder == null ? Duration.ofHours(48) : preparationReminder;
        journalingNudgeAfter = journalingNudgeAfter == null ? Duration.ofHours(24) : journalingNudgeAfter;
        quietStart = quietStart == null ? QuietHours.DEFAULT.start() : quietStart;
        quietEnd = quietEnd == null ? QuietHours.DEFAULT.end() : quietEnd;
        smsPerDay = smsPerDay == null ? SmsAllowance.DEFAULT.perDay() : smsPerDay;
        smsPerWeek = smsPerWeek == null ? SmsAllowance.DEFAULT.perWeek() : smsPerWeek;
        staleAfter = staleAfter == null ? Duration.ofDays(2) : staleAfter;
        // An unset environment variable arrives as an empty string: that is no address at all.
        onCallEmail = onCallEmail == null || onCallEmail.isBlank() ? null : onCallEmail.strip();
        onCallPhone = onCallPhone == null || onCallPhone.isBlank() ? null : onCallPhone.strip();
        if (onCallEmail != null && !onCallEmail.matches("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$")) {
            throw new IllegalArgumentException("care.notification.on-call-email is not an email address");
        }
        if (onCallPhone != null && !onCallPhone.matches("^\\+[1-9][0-9]{6,14}$")) {
            throw new IllegalArgumentException("care.notification.on-call-phone must be in E.164 form");
        }
        dispatch = dispatch == null ? Dispatch.DEFAULTS : dispatch;
        for (Duration offset : appointmentReminders) {
            if (offset.isNegative() || offset.isZero()) {
                throw new IllegalArgumentException("care.notification.appointment-reminders must be positive");
            }
        }
    }

    QuietHours quietHours() {
        return new QuietHours(quietStart, quietEnd);
    }

    SmsAllowance allowance() {
        return new SmsAllowance(smsPerDay, smsPerWeek);
    }

    Timeliness timeliness() {
        return new Timeliness(preparationReminder, journalingNudgeAfter, staleAfter);
    }

    /**
     * @param pollInterval      how often each instance looks for notifications whose time has come
     * @param lease             how long a claimed notification is an instance's before another may take it
     * @param batch             most notifications one pass claims
     * @param threads           notifications sent at once by one instance
     * @param retryBackoff      wait after the first failed attempt, doubled for each further one
     * @param maxRetryBackoff   longest wait between attempts
     * @param maxAttempts       attempts of a non-urgent message; alerts are tried until delivered
     * @param unavailableWait   wait while a provider's breaker is open or its limits are reached
     */
    public record Dispatch(Duration pollInterval, Duration lease, Integer batch, Integer threads,
            Duration retryBackoff, Duration maxRetryBackoff, Integer maxAttempts, Duration unavailableWait) {

        static final Dispatch DEFAULTS = new Dispatch(null, null, null, null, null, null, null, null);

        public Dispatch {
            pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
            lease = lease == null ? Duration.ofMinutes(2) : lease;
            batch = batch == null ? 100 : batch;
            threads = threads == null ? 4 : threads;
            retryBackoff = retryBackoff == null ? Duration.ofSeconds(10) : retryBackoff;
            maxRetryBackoff = maxRetryBackoff == null ? Duration.ofMinutes(10) : maxRetryBackoff;
            maxAttempts = maxAttempts == null ? 8 : maxAttempts;
            unavailableWait = unavailableWait == null ? Duration.ofSeconds(5) : unavailableWait;
        }

        Retries retries() {
            return new Retries(retryBackoff, maxRetryBackoff, maxAttempts);
        }
    }
}

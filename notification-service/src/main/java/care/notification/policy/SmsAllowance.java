package care.notification.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Optional;

import care.contracts.notification.NotificationSuppressed;

/**
 * How many non-urgent text messages a patient may get (docs/clinical-rules.md, text message limits: at most 1 a day and 3 a week). Days are
 * calendar days in the patient's time zone; the week is the day of sending and the six days before it.
 * Urgent messages are not counted and never limited.
 */
public record SmsAllowance(int perDay, int perWeek) {

    public static final SmsAllowance DEFAULT = new SmsAllowance(1, 3);

    public SmsAllowance {
        if (perDay < 0 || perWeek < perDay) {
            throw new IllegalArgumentException("need 0 <= perDay <= perWeek");
        }
    }

    /**
     * Why one more non-urgent text at {@code at} is not allowed after those already {@code sent}, or
     * empty when it is.
     */
    public Optional<NotificationSuppressed.Reason> refusal(Collection<Instant> sent, Instant at, ZoneId zone) {
        LocalDate today = at.atZone(zone).toLocalDate();
        LocalDate weekStart = today.minusDays(6);
        long sameDay = 0;
        long sameWeek = 0;
        for (Instant earlier : sent) {
            LocalDate day = earlier.atZone(zone).toLocalDate();
            if (day.equals(today)) {
                sameDay++;
            }
            if (!day.isBefore(weekStart) && !day.isAfter(today)) {
                sameWeek++;
            }
        }
        if (sameDay >= perDay) {
            return Optional.of(NotificationSuppressed.Reason.DAILY_LIMIT_REACHED);
        }
        if (sameWeek >= perWeek) {
            return Optional.of(NotificationSuppressed.Reason.WEEKLY_LIMIT_REACHED);
        }
        return Optional.empty();
    }
}

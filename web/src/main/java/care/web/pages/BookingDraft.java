package care.web.pages;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpSession;

/**
 * A booking under way, in the server-side session only: the session number, the day and time zone chosen, the
 * time picked, and every confirmation page rendered with its {@code Idempotency-Key} and the time it confirms, so
 * that submitting one page twice sends the same key with the same booking and makes one appointment.
 */
final class BookingDraft implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    static final String SESSION_ATTRIBUTE = BookingDraft.class.getName();
    private static final int ATTEMPTS_KEPT = 20;

    /** A time picked: the provider offering it and its start. */
    record Choice(int sessionNumber, String providerId, Instant start) implements Serializable {
    }

    int sessionNumber;
    LocalDate day;
    String timeZone;
    Choice choice;
    private final Map<String, Choice> attempts = new LinkedHashMap<>() {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Choice> eldest) {
            return size() > ATTEMPTS_KEPT;
        }
    };

    /** The draft for this session number; a draft for another number starts afresh (its attempts stay). */
    static BookingDraft of(HttpSession session, int sessionNumber) {
        BookingDraft draft = session.getAttribute(SESSION_ATTRIBUTE) instanceof BookingDraft found ? found
                : new BookingDraft();
        if (draft.sessionNumber != sessionNumber) {
            draft.sessionNumber = sessionNumber;
            draft.day = null;
            draft.choice = null;
        }
        session.setAttribute(SESSION_ATTRIBUTE, draft);
        return draft;
    }

    void save(HttpSession session) {
        session.setAttribute(SESSION_ATTRIBUTE, this);
    }

    /** A new attempt at confirming the current choice: its idempotency key. */
    String newAttempt() {
        String key = java.util.UUID.randomUUID().toString();
        attempts.put(key, choice);
        return key;
    }

    /** The time a confirmation page was rendered for. */
    Choice attempt(String key) {
        return key == null ? null : attempts.get(key);
    }
}

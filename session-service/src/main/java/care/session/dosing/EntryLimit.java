package care.session.dosing;

import care.kit.domain.Refusal;

/** Most readings, check-ins and adverse events one session keeps: a session's one document cannot grow without bound. */
final class EntryLimit {

    static final int MAX_ENTRIES = 100;

    private EntryLimit() {
    }

    /** Refuses one more entry in a list that already holds {@value #MAX_ENTRIES}. */
    static void requireRoom(int size) {
        if (size >= MAX_ENTRIES) {
            throw Refusal.rule("session-record-full", "Session record full",
                    "This session already holds the most entries of this kind it keeps (" + MAX_ENTRIES + ").");
        }
    }
}

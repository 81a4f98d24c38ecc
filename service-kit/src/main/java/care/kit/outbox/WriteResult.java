package care.kit.outbox;

/** What {@link Outbox#save} did. */
public enum WriteResult {

    /** The state and its events were stored in one write. */
    STORED,

    /**
     * Nothing was written: the event being handled had already been handled by this aggregate. The
     * caller must not repeat side effects.
     */
    ALREADY_HANDLED
}

package care.contracts;

/**
 * An event type that every service publishes on one shared topic (the audit trail). Its CloudEvents
 * {@code source} is the publishing service named in the event, not a fixed owner.
 */
public interface ServiceReportedEvent extends ContractEvent {

    /** The publishing service, such as {@code intake-service}. */
    String service();
}

package care.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka header names of the CloudEvents 1.0 Kafka protocol binding in binary mode, plus the two tracing
 * headers every producer sets. Header values are UTF-8 strings.
 *
 * <p>The record key is the event's subject (the patient id; for the staff directory, the staff id); the record
 * value is the event's JSON (see {@link EventType}).
 */
public final class CloudEventHeaders {

    /** CloudEvents spec version; always {@value #SPEC_VERSION_1_0}. */
    public static final String SPECVERSION = "ce_specversion";
    /** Event id: {@link ContractEvent#eventId()}. */
    public static final String ID = "ce_id";
    /** Event type, e.g. {@code care.intake.EligibilityApproved.v1}: {@link EventType#type()}. */
    public static final String TYPE = "ce_type";
    /**
     * Producing service, e.g. {@code intake-service}: {@link EventType#source()}, or the event's own
     * {@link ServiceReportedEvent#service()}.
     */
    public static final String SOURCE = "ce_source";
    /** When it happened, RFC 3339 in UTC: {@link ContractEvent#occurredAt()}. */
    public static final String TIME = "ce_time";
    /** The subject, same as the record key: {@link ContractEvent#subject()} (the patient id, or the staff id). */
    public static final String SUBJECT = "ce_subject";
    /** Media type of the payload; always {@value #APPLICATION_JSON}. */
    public static final String CONTENT_TYPE = "content-type";
    /** W3C Trace Context parent of the producing request. */
    public static final String TRACEPARENT = "traceparent";
    /** Id that ties together every event caused by one request or workflow. */
    public static final String CORRELATION_ID = "correlation_id";

    /** The value of {@link #SPECVERSION}. */
    public static final String SPEC_VERSION_1_0 = "1.0";
    /** The value of {@link #CONTENT_TYPE}. */
    public static final String APPLICATION_JSON = "application/json";

    /** Headers every event carries, derived from the event alone (see {@link #of(ContractEvent)}). */
    public static final List<String> CLOUDEVENT = List.of(SPECVERSION, ID, TYPE, SOURCE, TIME, SUBJECT, CONTENT_TYPE);
    /** Every header name of the wire format, tracing headers included. */
    public static final List<String> ALL = List.of(SPECVERSION, ID, TYPE, SOURCE, TIME, SUBJECT, CONTENT_TYPE,
            TRACEPARENT, CORRELATION_ID);

    private CloudEventHeaders() {
    }

    /**
     * The CloudEvents headers of {@code event} in {@link #CLOUDEVENT} order; tracing headers are left to the
     * messaging infrastructure.
     */
    public static Map<String, String> of(ContractEvent event) {
        EventType type = EventType.of(event);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPECVERSION, SPEC_VERSION_1_0);
        headers.put(ID, event.eventId().toString());
        headers.put(TYPE, type.type());
        headers.put(SOURCE, event instanceof ServiceReportedEvent reported ? reported.service() : type.source());
        headers.put(TIME, event.occurredAt().toString());
        headers.put(SUBJECT, event.subject().toString());
        headers.put(CONTENT_TYPE, APPLICATION_JSON);
        return Collections.unmodifiableMap(headers);
    }
}

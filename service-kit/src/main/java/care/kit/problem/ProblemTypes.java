package care.kit.problem;

import java.net.URI;

/**
 * Stable {@code type} URIs of the problem details this platform answers with (RFC 9457). Clients may
 * branch on these; the human-readable {@code title} and {@code detail} may change.
 */
public final class ProblemTypes {

    private static final String PREFIX = "urn:care:problem:";

    public static final String UNAUTHENTICATED = PREFIX + "unauthenticated";
    public static final String FORBIDDEN = PREFIX + "forbidden";
    public static final String NOT_FOUND = PREFIX + "not-found";
    public static final String INVALID_REQUEST = PREFIX + "invalid-request";
    public static final String MALFORMED_BODY = PREFIX + "malformed-body";
    public static final String CONFLICT = PREFIX + "conflict";
    public static final String METHOD_NOT_ALLOWED = PREFIX + "method-not-allowed";
    public static final String UNSUPPORTED_MEDIA_TYPE = PREFIX + "unsupported-media-type";
    public static final String INTERNAL = PREFIX + "internal";
    /** 503: an access could not be recorded in the audit trail, so it did not happen. */
    public static final String AUDIT_UNAVAILABLE = PREFIX + "audit-unavailable";
    /** 503: the service's store could not be reached in time; nothing was changed and the caller may try again. */
    public static final String STORE_UNAVAILABLE = PREFIX + "store-unavailable";

    private ProblemTypes() {
    }

    /** The type URI for a problem kind of this platform, e.g. {@code uri("absolute-contraindication")}. */
    public static URI uri(String kind) {
        return URI.create(kind.startsWith(PREFIX) ? kind : PREFIX + kind);
    }
}

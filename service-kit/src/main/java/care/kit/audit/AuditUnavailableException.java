package care.kit.audit;

/**
 * An access could not be recorded in the audit trail (the store is unreachable, say). The request must fail
 * without reading or changing anything: it is answered 503.
 */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(Throwable cause) {
        super("The access could not be recorded in the audit trail", cause);
    }
}

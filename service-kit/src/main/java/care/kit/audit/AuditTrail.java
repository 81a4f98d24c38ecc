package care.kit.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import care.contracts.audit.AccessRecorded;
import care.kit.access.AccessDecision;
import care.kit.outbox.Outbox;
import care.kit.security.Caller;
import care.kit.security.Role;

/**
 * The accounting of access: who read or changed which patient's data, and who was refused. Each request's
 * decisions are one {@link AuditRecord} in the service's own {@value #COLLECTION} collection, written through the
 * outbox with one AccessRecorded event per decision (topic {@code care.audit.events.v1}, ids and codes only), so
 * a record is never lost and intake's access log receives every one. Writing happens before the data is read or
 * changed; when it fails, {@link AuditUnavailableException} fails the request. Log lines carry ids and codes only.
 */
public class AuditTrail {

    public static final String COLLECTION = "audit_log";
    private static final Logger log = LoggerFactory.getLogger("care.audit");

    private final Outbox outbox;
    private final Clock clock;
    private final String service;
    private final MeterRegistry meters;

    public AuditTrail(Outbox outbox, Clock clock, String service, MeterRegistry meters) {
        this.outbox = outbox;
        this.clock = clock;
        this.service = service;
        this.meters = meters;
    }

    /** Records one access decision and publishes it. */
    public void record(AccessDecision decision) {
        recordAll(List.of(decision));
    }

    /** Records several decisions of one request in one write. */
    public void recordAll(List<AccessDecision> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        AuditRecord record = newRecord(now);
        List<AccessRecorded> events = new ArrayList<>();
        for (AccessDecision decision : decisions) {
            AuditRecord.Entry entry = entry(decision.caller(), decision.action());
            entry.actorRole = decision.actorRole().name();
            entry.permission = decision.permission().name();
            entry.patientId = decision.patientId();
            entry.outcome = (decision.granted() ? AccessRecorded.Outcome.GRANTED : AccessRecorded.Outcome.DENIED).name();
            entry.basis = decision.basis() == null ? null : decision.basis().name();
            entry.reason = decision.reason() == null ? null : decision.reason().name();
            entry.emergencyGrantId = decision.emergencyGrantId();
            entry.resourceId = decision.resourceId();
            record.entries.add(entry);
            events.add(new AccessRecorded(UUID.randomUUID(), UUID.fromString(decision.patientId()), now, service,
                    entry.actorId, decision.actorRole(), decision.action(), decision.permission().code(),
                    decision.granted() ? AccessRecorded.Outcome.GRANTED : AccessRecorded.Outcome.DENIED,
                    decision.basis() == null ? null : decision.basis().basis(), decision.reason(),
                    uuid(decision.emergencyGrantId()), uuid(decision.resourceId())));
            log.info("access {} {} {} by {} on patient {} ({})", entry.outcome, decision.permission(), decision.action(),
                    entry.actorId, decision.patientId(), entry.basis != null ? entry.basis : entry.reason);
            meters.counter("care.access.decisions", "permission", decision.permission().name(), "outcome",
                    entry.outcome, "basis", entry.basis != null ? entry.basis : "NONE").increment();
        }
        try {
            outbox.save(record, events);
        } catch (RuntimeException e) {
            log.error("access not recorded ({}): the request fails", e.getClass().getSimpleName());
            meters.counter("care.access.audit.failures").increment();
            throw new AuditUnavailableException(e);
        }
    }

    /**
     * Records a refusal that concerns no patient (a role the endpoint does not admit, an unregistered staff
     * member at a staff worklist). Stored locally, not published: there is no patient's access log to show it in.
     * The request is refused whether or not this can be stored.
     */
    public void recordRefusal(Caller caller, String action) {
        AuditRecord record = newRecord(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        AuditRecord.Entry entry = entry(caller, action);
        entry.actorRole = actorRole(caller).name();
        entry.outcome = AccessRecorded.Outcome.DENIED.name();
        record.entries.add(entry);
        log.warn("access DENIED {} by {}", action, entry.actorId);
        try {
            outbox.save(record, List.of());
        } catch (RuntimeException e) {
            log.error("refusal not recorded ({})", e.getClass().getSimpleName());
        }
    }

    /**
     * How the audit trail names a subject: as it is when it is a plain identifier (a UUID, {@code auth0|…}),
     * otherwise {@code sub-} and a hash of it, so that a subject that happens to be an email address never leaves
     * the service.
     */
    public static String actorId(String subject) {
        if (subject != null && AccessRecorded.ACTOR.matcher(subject).matches()) {
            return subject;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(subject).getBytes(StandardCharsets.UTF_8));
            return "sub-" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private AuditRecord newRecord(Instant now) {
        AuditRecord record = new AuditRecord();
        record.id = UUID.randomUUID().toString();
        record.at = now;
        record.service = service;
        return record;
    }

    private static AuditRecord.Entry entry(Caller caller, String action) {
        AuditRecord.Entry entry = new AuditRecord.Entry();
        entry.subject = caller.subject();
        entry.actorId = actorId(caller.subject());
        entry.action = action;
        return entry;
    }

    private static AccessRecorded.ActorRole actorRole(Caller caller) {
        for (Role role : new Role[] { Role.PATIENT, Role.CLINICIAN, Role.COACH, Role.COORDINATOR, Role.ADMIN }) {
            if (caller.has(role)) {
                return AccessRecorded.ActorRole.valueOf(role.name());
            }
        }
        return AccessRecorded.ActorRole.UNKNOWN;
    }

    private static UUID uuid(String value) {
        return value == null ? null : UUID.fromString(value);
    }
}

package care.kit.selftest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.messaging.Message;

import care.contracts.intake.ConsentRecorded;
import care.contracts.intake.EligibilityApproved;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.session.SessionCompleted;
import care.kit.inbox.EventConsumers;
import care.kit.outbox.Outbox;

/** Event handlers of the kit's test application, one binding per topic as a service has them. */
@Configuration
class SelfTestHandlers {

    /** Event ids whose handling fails this many more times, to exercise retries and dead letters. */
    static final Map<UUID, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    private final MongoTemplate mongo;
    private final Outbox outbox;

    SelfTestHandlers(MongoTemplate mongo, Outbox outbox) {
        this.mongo = mongo;
        this.outbox = outbox;
    }

    /** In batch mode: consents are stored in bulk, approvals applied one by one (in the partition's order). */
    @Bean
    Consumer<Message<List<byte[]>>> intakeEvents(EventConsumers consumers) {
        return consumers.dispatchBatches(EventConsumers.on(EligibilityApproved.class, this::onApproved),
                EventConsumers.storing(ConsentRecorded.class, this::onConsent));
    }

    /** In batch mode too, with a handler that applies each event itself (retries, dead letters and replays). */
    @Bean
    Consumer<Message<List<byte[]>>> sessionEvents(EventConsumers consumers) {
        return consumers.dispatchBatches(EventConsumers.on(SessionCompleted.class, this::onSessionCompleted));
    }

    /** Always writes, so that only the outbox's de-duplication keeps a redelivery from having an effect. */
    void onApproved(EligibilityApproved approved) {
        String planId = UUID.nameUUIDFromBytes(("plan:" + approved.consultationId()).getBytes()).toString();
        Plan plan = mongo.findById(planId, Plan.class);
        if (plan == null) {
            plan = new Plan(planId, approved.patientId().toString());
        }
        plan.approvalsApplied++;
        outbox.save(plan, List.of(new TreatmentPlanCreated(UUID.randomUUID(), approved.patientId(), Instant.now(),
                UUID.fromString(planId), approved.consultationId(), approved.programId(), approved.clinicianId(),
                approved.plannedSessions())));
    }

    /** Decides the receipt of a consent; a redelivered consent's receipt exists, and storing it changes nothing. */
    Outbox.Change onConsent(ConsentRecorded consent) {
        ConsentReceipt receipt = new ConsentReceipt(consent.consentId().toString());
        receipt.handledAt = Instant.now();
        return Outbox.Change.of(receipt, List.of());
    }

    void onSessionCompleted(SessionCompleted completed) {
        AtomicInteger failures = FAILURES.get(completed.eventId());
        if (failures != null && failures.getAndDecrement() > 0) {
            throw new IllegalStateException("transient failure for a test");
        }
        Journey journey = mongo.findById(completed.patientId().toString(), Journey.class);
        if (journey == null) {
            journey = new Journey(completed.patientId().toString());
        }
        journey.completedSessions.add(completed.sessionNumber());
        outbox.save(journey, List.of());
    }
}

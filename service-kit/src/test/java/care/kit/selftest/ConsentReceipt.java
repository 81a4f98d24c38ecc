package care.kit.selftest;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/** A test aggregate: one per consent event handled. */
@Document("consent_receipts")
class ConsentReceipt {

    @Id
    String id;
    @Version
    Long version;
    /** When the consent event was handled: the moment this effect was written (for the benchmark's latency). */
    Instant handledAt;

    ConsentReceipt() {
    }

    ConsentReceipt(String id) {
        this.id = id;
    }
}

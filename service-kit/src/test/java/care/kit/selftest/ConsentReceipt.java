package care.kit.selftest;

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

    ConsentReceipt() {
    }

    ConsentReceipt(String id) {
        this.id = id;
    }
}

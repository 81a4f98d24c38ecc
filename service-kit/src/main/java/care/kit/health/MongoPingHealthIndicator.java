package care.kit.health;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * UP when the service's own database answers {@code ping}. Replaces Spring Boot's MongoDB indicator,
 * which runs {@code hello} against every database on the server: that lists other services'
 * databases in the health details and fails on the embedded MongoDB-wire store once a database exists.
 */
public class MongoPingHealthIndicator extends AbstractHealthIndicator {

    private final MongoDatabaseFactory databases;

    public MongoPingHealthIndicator(MongoDatabaseFactory databases) {
        super("MongoDB health check failed");
        this.databases = databases;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document answer = databases.getMongoDatabase().runCommand(new Document("ping", 1));
        Object ok = answer.get("ok");
        if (ok instanceof Number number && number.doubleValue() == 1.0) {
            builder.up().withDetail("database", databases.getMongoDatabase().getName());
        } else {
            builder.down();
        }
    }
}

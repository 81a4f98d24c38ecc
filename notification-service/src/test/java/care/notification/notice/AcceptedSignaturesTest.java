package care.notification.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;
import org.springframework.http.HttpHeaders;

import care.kit.problem.ProblemException;
import care.kit.test.MovableClock;

/** The record of accepted webhook signatures, on a store of its own (mongo-java-server) that can be stopped. */
class AcceptedSignaturesTest {

    static final String SECRET = "a-shared-secret-of-32-characters";
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final byte[] BODY = "{\"from\":\"+15550100000\",\"body\":\"START\"}".getBytes(StandardCharsets.UTF_8);

    final MongoServer server = new MongoServer(new MemoryBackend());
    final InetSocketAddress address = server.bind();
    final MongoClient client = MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + address.getPort()))
            .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(1, TimeUnit.SECONDS))
            .applyToSocketSettings(socket -> socket.connectTimeout(1, TimeUnit.SECONDS).readTimeout(2, TimeUnit.SECONDS))
            .build());
    final MongoTemplate mongo = indexingTemplate(client);
    final MovableClock clock = new MovableClock();
    final WebhookSignature signature = new WebhookSignature(SECRET, TOLERANCE);
    final AcceptedSignatures accepted = new AcceptedSignatures(mongo, clock, signature, Duration.ofMillis(100));

    /** A template that creates the indexes the mapped classes declare, as the service's store does. */
    static MongoTemplate indexingTemplate(MongoClient client) {
        MongoCustomConversions conversions = new MongoCustomConversions(java.util.List.of());
        MongoMappingContext context = new MongoMappingContext();
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        context.setAutoIndexCreation(true);
        context.setInitialEntitySet(Set.of(AcceptedSignature.class));
        context.afterPropertiesSet();
        MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, context);
        converter.setCustomConversions(conversions);
        converter.afterPropertiesSet();
        return new MongoTemplate(new SimpleMongoClientDatabaseFactory(client, "webhooks"), converter);
    }

    @AfterEach
    void stop() {
        accepted.stop();
        client.close();
        server.shutdownNow();
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    WebhookSignature.Verified signedAt(Instant at) {
        return signature.verified(signature.sign(BODY, at), BODY, at).orElseThrow();
    }

    Document record(WebhookSignature.Verified call) {
        return mongo.findById(call.replayKey(), Document.class, AcceptedSignatures.COLLECTION);
    }

    @Test
    void aSignatureIsAcceptedOnceAndRememberedUntilItsTimestampLeavesTheWindow() {
        Instant now = now();
        WebhookSignature.Verified call = signedAt(now.minusSeconds(10));
        accepted.acceptOnce(call, now);

        Document record = record(call);
        assertThat(record).isNotNull();
        assertThat(record.get("acceptedAt", Date.class).toInstant()).isEqualTo(now);
        assertThat(record.get("expiresAt", Date.class).toInstant()).isEqualTo(call.signedAt().plus(TOLERANCE)
                .plus(AcceptedSignatures.CLOCK_MARGIN));

        ProblemException replay = catchThrowableOfType(ProblemException.class, () -> accepted.acceptOnce(call, now));
        assertThat(replay.getStatusCode().value()).isEqualTo(401);
        assertThat(replay.getBody().getType()).hasToString("urn:care:problem:webhook-replayed");
        assertThat(replay.getBody().getDetail()).doesNotContain(call.replayKey());
        // another signature of the same body (another time) is another call
        accepted.acceptOnce(signedAt(now.minusSeconds(9)), now);
        assertThat(mongo.getCollection(AcceptedSignatures.COLLECTION).countDocuments()).isEqualTo(2);
    }

    @Test
    void expiresAtCarriesATtlIndex() {
        assertThat(mongo.indexOps(AcceptedSignatures.COLLECTION).getIndexInfo())
                .filteredOn(index -> index.isIndexForFields(java.util.List.of("expiresAt")))
                .singleElement().satisfies(index -> {
                    assertThat(index.getExpireAfter()).isEqualTo(java.util.Optional.of(Duration.ZERO));
                    // named from its key, as the index made before it was declared on the mapped class
                    assertThat(index.getName()).isEqualTo("expiresAt_1");
                });
    }

    @Test
    void theCleanupDeletesExpiredRecordsOnlyAndRunsByItself() {
        Instant start = now();
        WebhookSignature.Verified old = signedAt(start);
        accepted.acceptOnce(old, start);
        // The test clock also moves with real time: the steps leave it half a minute either side.
        clock.advance(TOLERANCE.plus(AcceptedSignatures.CLOCK_MARGIN).minusSeconds(30));
        WebhookSignature.Verified recent = signedAt(now());
        accepted.acceptOnce(recent, now());
        assertThat(accepted.purgeExpired()).as("nothing has expired yet").isZero();

        clock.advance(Duration.ofSeconds(60));
        assertThat(accepted.purgeExpired()).isEqualTo(1);
        assertThat(record(old)).isNull();
        assertThat(record(recent)).isNotNull();

        // the scheduled job does the same
        clock.advance(TOLERANCE.plus(AcceptedSignatures.CLOCK_MARGIN));
        accepted.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> record(recent) == null);
    }

    @Test
    void aSignatureThatCannotBeRecordedIsRefusedWith503() {
        Instant now = now();
        WebhookSignature.Verified call = signedAt(now);
        server.shutdownNow();

        ProblemException down = catchThrowableOfType(ProblemException.class, () -> accepted.acceptOnce(call, now));
        assertThat(down.getStatusCode().value()).isEqualTo(503);
        assertThat(down.getBody().getType()).hasToString("urn:care:problem:webhook-unrecorded");
        assertThat(down.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    }
}

package care.kit.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.kit.domain.Refusal;
import care.kit.outbox.Outbox;
import care.kit.test.ServiceIntegrationTest;

/** Find-or-create through the outbox: concurrent first writes of one aggregate each count once. */
@ServiceIntegrationTest
class OutboxUpsertIntegrationTest {

    @Autowired
    Outbox outbox;

    @Autowired
    MongoTemplate mongo;

    private Plan upsertOne(String id) {
        return outbox.upsert(() -> Optional.ofNullable(mongo.findById(id, Plan.class)), () -> new Plan(id, "p-1"),
                plan -> {
                    plan.approvalsApplied++;
                    return List.of();
                });
    }

    @Test
    void concurrentFirstWritesAreAllAppliedToOneDocument() throws Exception {
        String id = UUID.randomUUID().toString();
        int writers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Plan>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return upsertOne(id);
                }));
            }
            start.countDown();
            for (Future<Plan> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(mongo.findById(id, Plan.class).approvalsApplied).isEqualTo(writers);
    }

    @Test
    void aChangeThatReturnsNoEventListWritesNothingAndARefusalGoesToTheCaller() {
        String id = UUID.randomUUID().toString();
        Plan unchanged = outbox.upsert(() -> Optional.ofNullable(mongo.findById(id, Plan.class)),
                () -> new Plan(id, "p-1"), plan -> null);
        assertThat(unchanged.version).isNull();
        assertThat(mongo.findById(id, Plan.class)).isNull();

        upsertOne(id);
        assertThatThrownBy(() -> outbox.upsert(() -> Optional.ofNullable(mongo.findById(id, Plan.class)),
                () -> new Plan(id, "p-1"), plan -> {
                    throw Refusal.conflict("plan-ended", "The plan has ended.");
                })).isInstanceOf(Refusal.class);
        assertThat(mongo.findById(id, Plan.class).approvalsApplied).isEqualTo(1);
    }
}

package care.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.Tag("integration")
class MongoStoreTest {

    @TempDir
    Path data;

    @Test
    void keepsEveryServiceDatabaseAcrossRestarts() throws IOException {
        int port = freePort();
        MongoStore store = new MongoStore(data.resolve("mongo").resolve("store.mv"), port);
        String uri = store.start();
        try (MongoClient client = MongoClients.create(uri)) {
            client.getDatabase("care_intake").getCollection("patients").insertOne(new Document("_id", "p-1").append("n", 1));
            client.getDatabase("care_scheduling").getCollection("plans").insertOne(new Document("_id", "plan-1"));
        } finally {
            store.stop();
        }

        MongoStore restarted = new MongoStore(data.resolve("mongo").resolve("store.mv"), port);
        try (MongoClient client = MongoClients.create(restarted.start())) {
            assertThat(client.getDatabase("care_intake").getCollection("patients").find().first())
                    .isEqualTo(new Document("_id", "p-1").append("n", 1));
            assertThat(client.getDatabase("care_scheduling").getCollection("plans").countDocuments()).isEqualTo(1);
        } finally {
            restarted.stop();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package care.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;

import care.embeddedstore.EmbeddedStore;

/**
 * The MongoDB-wire store (mongo-java-server, see {@link EmbeddedStore}) in one H2 file of the data folder, run
 * inside the launcher. Every service reaches it at {@code mongodb://localhost:27017}, each with its
 * own database. It has no authentication, so it listens on the loopback interface only.
 */
final class MongoStore {

    static final int PORT = 27017;

    private final Path file;
    private final int port;
    private MongoServer server;

    MongoStore(Path file, int port) {
        this.file = file;
        this.port = port;
    }

    Path file() {
        return file;
    }

    int port() {
        return port;
    }

    String start() throws IOException {
        Files.createDirectories(file.getParent());
        server = new MongoServer(EmbeddedStore.inFile(file));
        server.bind(LocalNetwork.LOOPBACK, port);
        return "mongodb://localhost:" + port;
    }

    void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }
}

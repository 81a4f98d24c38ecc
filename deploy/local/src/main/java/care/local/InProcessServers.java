package care.local;

import java.io.IOException;

/**
 * What the launcher runs inside its own JVM: the MongoDB-wire store, persisted in the data folder (unless
 * {@code MONGODB_URI} points at an external MongoDB), and the {@link MessageStandIns}.
 */
final class InProcessServers {

    private final StackConfig config;
    private final StackConsole console;
    private volatile MongoStore mongo;
    private volatile MessageStandIns messages;

    InProcessServers(StackConfig config, StackConsole console) {
        this.config = config;
        this.console = console;
    }

    /** Starts the store unless MongoDB is external; returns the connection string the applications get. */
    String startStore() throws IOException {
        String mongoUri = config.externalMongo();
        if (mongoUri == null) {
            mongo = new MongoStore(config.dataDir().resolve("mongo").resolve("store.mv"), MongoStore.PORT);
            mongoUri = mongo.start();
            console.progress("MongoDB-wire store", "UP", mongoUri + "  (data: " + config.display(mongo.file()) + ")");
        } else {
            console.progress("MongoDB", "external", StackConsole.redact(mongoUri));
        }
        return mongoUri;
    }

    /** Starts the message stand-ins, reporting delivery to the notification service where it listens. */
    void startMessageStandIns() throws IOException {
        messages = MessageStandIns.local();
        messages.reportTo("http://" + config.host() + ":" + StackConfig.app("notification-service").port()
                + "/api/notifications/webhooks");
        messages.start();
        console.progress("Message stand-ins", "UP", "SMTP localhost:" + messages.smtpPort()
                + ", SMS/push provider " + messages.url());
    }

    boolean anyStarted() {
        return mongo != null || messages != null;
    }

    /** Stops the stand-ins, then the store. */
    void stop() {
        MessageStandIns standIns = messages;
        if (standIns != null) {
            standIns.stop();
        }
        MongoStore store = mongo;
        if (store != null) {
            store.stop();
        }
        messages = null;
        mongo = null;
    }
}

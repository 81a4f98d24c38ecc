package care.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.HashSet;

import org.junit.jupiter.api.Test;

class DevStackTest {

    @Test
    void redactsPasswordsInConnectionStrings() {
        assertThat(DevStack.redact("mongodb://care:s3cret@db.internal:27017/care")).isEqualTo(
                "mongodb://care:***@db.internal:27017/care");
        assertThat(DevStack.redact("mongodb://localhost:27017")).isEqualTo("mongodb://localhost:27017");
    }

    @Test
    void seesWhetherAPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("localhost"))) {
            assertThat(DevStack.isFree(taken.getLocalPort())).isFalse();
        }
    }

    @Test
    void everyApplicationHasItsOwnPortAndTheGatewayIs8080() {
        assertThat(new HashSet<>(DevStack.APPS.stream().map(ServiceApp::port).toList())).hasSize(DevStack.APPS.size());
        assertThat(DevStack.APPS).anyMatch(app -> app.name().equals("gateway") && app.port() == 8080);
    }
}

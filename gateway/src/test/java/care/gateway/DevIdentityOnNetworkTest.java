package care.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Local mode refuses to serve development tokens on an address other people can reach, unless told by name. */
@org.junit.jupiter.api.Tag("integration")
class DevIdentityOnNetworkTest {

    @TempDir
    Path keys;

    /** Started as an operator would, with command-line arguments (they win over the local profile's file). */
    private ConfigurableApplicationContext localGateway(String address, String... more) {
        java.util.List<String> arguments = new java.util.ArrayList<>(java.util.List.of("--server.port=0",
                "--management.server.port=0", "--server.address=" + address,
                "--care.dev-identity.key-file=" + keys.resolve("key.json")));
        for (String property : more) {
            arguments.add("--" + property);
        }
        return new SpringApplicationBuilder(care.gateway.GatewayApplication.class).profiles("local")
                .run(arguments.toArray(String[]::new));
    }

    @Test
    void refusesToStartOnEveryInterface() {
        assertThatThrownBy(() -> localGateway("0.0.0.0").close())
                .hasStackTraceContaining("anyone who can reach it could mint an ADMIN token");
    }

    @Test
    void startsOnLoopback() {
        try (ConfigurableApplicationContext context = localGateway("127.0.0.1")) {
            assertThat(context.isRunning()).isTrue();
        }
    }

    @Test
    void startsOnTheNetworkOnlyWithTheLoudOverride() {
        try (ConfigurableApplicationContext context = localGateway("0.0.0.0",
                "care.dev-identity.network-exposure-anyone-can-be-admin=true")) {
            assertThat(context.isRunning()).isTrue();
        }
    }
}

package care.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code ./dev-stack up} checks before it starts anything: every application is packaged, what an earlier
 * run left running is stopped, and every port the stack listens on is free. Says what is wrong on the console.
 */
final class StackPreflight {

    private StackPreflight() {
    }

    /** True when the stack can start; otherwise false, after saying why. */
    static boolean check(StackConfig config, StackConsole console) throws IOException, InterruptedException {
        Path root = config.root();
        for (ServiceApp app : DevStack.APPS) {
            if (!Files.isRegularFile(app.jar(root))) {
                console.println("Missing " + root.relativize(app.jar(root)) + ": build first (./dev-stack up does).");
                return false;
            }
        }
        console.warnIfOnNetwork();
        StackProcesses.stopLeftovers(config.pidsDir(), console);
        for (var entry : config.ports().entrySet()) {
            int port = entry.getKey();
            if (!LocalNetwork.isFree(entry.getValue(), port)) {
                console.println("Port " + port + " is already in use. Stop whatever holds it (lsof -i :" + port
                        + ") and run again.");
                return false;
            }
        }
        return true;
    }
}

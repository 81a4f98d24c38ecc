package care.local;

import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A child process as cheap as a JVM gets, for testing the launcher's supervision: listens on the given port
 * (its "readiness") until killed, or, given an exit code, says why it cannot start and exits with it.
 */
public final class TinyService {

    private TinyService() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 1) {
            System.out.println("tiny service: bad configuration, exiting with " + args[1]);
            System.exit(Integer.parseInt(args[1]));
        }
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 50, InetAddress.getLoopbackAddress())) {
            System.out.println("tiny service listening on " + server.getLocalPort());
            System.out.flush();
            while (true) {
                server.accept().close();
            }
        }
    }
}

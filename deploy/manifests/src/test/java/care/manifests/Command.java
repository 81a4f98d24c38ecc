package care.manifests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool (kubectl, node) to its end, within 60 s, with its output and errors kept apart. */
final class Command {

    record Result(int exitCode, String output, String errors) {
    }

    private Command() {
    }

    static Result run(List<String> command) {
        try {
            Path output = Files.createTempFile("command", ".out");
            Path errors = Files.createTempFile("command", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                        .redirectError(errors.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish in 60 s");
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                        Files.readString(errors, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }
}

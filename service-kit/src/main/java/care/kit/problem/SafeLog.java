package care.kit.problem;

/**
 * Describes a failure for the log without its messages. Exception messages from drivers and parsers
 * can quote stored or submitted values (an e-mail in a duplicate-key error, say), so only the types
 * and the code locations of the cause chain are logged.
 */
final class SafeLog {

    private static final int FRAMES_PER_CAUSE = 8;

    private SafeLog() {
    }

    static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder();
        Throwable current = failure;
        int depth = 0;
        while (current != null && depth < 5) {
            out.append(depth == 0 ? "" : "\n caused by ").append(current.getClass().getName());
            StackTraceElement[] frames = current.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES_PER_CAUSE, frames.length); i++) {
                out.append("\n    at ").append(frames[i]);
            }
            current = current.getCause() == current ? null : current.getCause();
            depth++;
        }
        return out.toString();
    }
}

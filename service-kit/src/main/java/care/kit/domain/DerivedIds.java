package care.kit.domain;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Ids derived from what identifies a thing, so that doing the same thing twice (a redelivered event, a retried
 * request with the same idempotency key, a second instance seeding the same content) names the same document and
 * the store's unique {@code _id} turns the second write into a no-op. Name-based UUIDs (version 3) of the key's
 * UTF-8 bytes: the same key gives the same id in every process and release, so keys must never change shape.
 */
public final class DerivedIds {

    private DerivedIds() {
    }

    /** The id of {@code key}. */
    public static UUID of(String key) {
        return UUID.nameUUIDFromBytes(Objects.requireNonNull(key).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The id of {@code prefix:part1|part2|…}, e.g. {@code of("journal", patientId, idempotencyKey)} for
     * {@code journal:<patientId>|<idempotencyKey>}.
     */
    public static UUID of(String prefix, Object... parts) {
        StringBuilder key = new StringBuilder(prefix).append(':');
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                key.append('|');
            }
            key.append(Objects.requireNonNull(parts[i], "id part"));
        }
        return of(key.toString());
    }
}

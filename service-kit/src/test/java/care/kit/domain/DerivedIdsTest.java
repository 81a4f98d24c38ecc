package care.kit.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class DerivedIdsTest {

    @Test
    void anIdIsTheNameBasedUuidOfItsKeySoStoredIdsKeepTheirValues() {
        assertThat(DerivedIds.of("plan:c-1")).isEqualTo(UUID.nameUUIDFromBytes("plan:c-1".getBytes(StandardCharsets.UTF_8)));
        assertThat(DerivedIds.of("journal", "p-1", "key-1")).isEqualTo(DerivedIds.of("journal:p-1|key-1"));
        assertThat(DerivedIds.of("session", UUID.fromString("6f1c2e0a-3b7d-4c1e-9a55-0d2b8f4e7a10")))
                .isEqualTo(DerivedIds.of("session:6f1c2e0a-3b7d-4c1e-9a55-0d2b8f4e7a10"));
        assertThat(DerivedIds.of("plan:c-1").version()).isEqualTo(3);
    }

    @Test
    void differentKeysGiveDifferentIdsAndAMissingPartIsRefused() {
        assertThat(DerivedIds.of("journal", "p-1", "key-1")).isNotEqualTo(DerivedIds.of("journal", "p-1", "key-2"));
        assertThat(DerivedIds.of("journal", "p-1", "key-1")).isNotEqualTo(DerivedIds.of("prompt", "p-1", "key-1"));
        assertThatThrownBy(() -> DerivedIds.of("journal", "p-1", null)).isInstanceOf(NullPointerException.class);
    }
}

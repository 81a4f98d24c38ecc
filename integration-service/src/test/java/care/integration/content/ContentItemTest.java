package care.integration.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ContentItemTest {

    @Test
    void aStarterItemsIdDerivesFromItsKeyAsItAlwaysHas() {
        assertThat(ContentItem.starterId("box-breathing"))
                .isEqualTo(UUID.nameUUIDFromBytes("content:box-breathing".getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Test
    void aDescriptionIsStrippedAndItsTagsLowerCasedOnce() {
        ContentItem item = ContentItem.added("id", new ContentLibrary.Description("  Calm  ", ContentItem.Kind.MEDITATION,
                10, List.of("Sleep", "sleep", "Anxiety"), "media/calm.mp3"), Instant.EPOCH);
        assertThat(item.title()).isEqualTo("Calm");
        assertThat(item.tags()).containsExactly("sleep", "anxiety");
        item.retire(Instant.EPOCH);
        assertThat(item.status()).isEqualTo(ContentItem.Status.RETIRED);
    }
}

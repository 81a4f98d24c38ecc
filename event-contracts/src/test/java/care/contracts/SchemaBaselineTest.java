package care.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The published v1 schemas are frozen in {@code src/test/resources/schema-baseline/}. Current schemas may only
 * change additively; a breaking change needs a new major version (a new {@code .v2} type or topic), not an edit.
 * A new event type is published by copying its schema into the baseline.
 */
class SchemaBaselineTest {

    private static final String BASELINE = "schema-baseline/";

    @ParameterizedTest
    @EnumSource(EventType.class)
    void currentSchemaIsCompatibleWithThePublishedOne(EventType type) {
        String file = BASELINE + type.type() + ".json";
        assertThat(getClass().getClassLoader().getResource(file))
                .as("%s is not frozen yet: copy %s to src/test/resources/%s", type, type.schemaResource(), file)
                .isNotNull();

        assertThat(SchemaCompatibility.breakingChanges(ContractDocuments.read(file), ContractDocuments.schema(type)))
                .as("breaking changes to %s", type.type())
                .isEmpty();
    }

    @Test
    void noPublishedEventTypeWasRemoved() throws IOException, URISyntaxException {
        Path folder = Path.of(getClass().getClassLoader().getResource(BASELINE).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<String> published = files.map(path -> path.getFileName().toString()).toList();
            assertThat(Arrays.stream(EventType.values()).map(type -> type.type() + ".json").toList())
                    .containsAll(published);
        }
    }
}

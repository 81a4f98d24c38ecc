package care.integration.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The library of breathwork and guided meditations. It ships with a small starter library
 * ({@code content/starter-library.json}) that is added on start-up when missing, under ids derived from
 * stable keys, so several instances starting at once add each item once and an administrator's edits are
 * never overwritten. Administrators add, change and retire items; a retired item leaves search results but
 * stays readable, because coaching sessions may have recommended it.
 * <p>
 * Items cause no events, so they are written directly rather than through the outbox (whose write would add its
 * event fields to every item).
 */
@Service
public class ContentLibrary {

    /** What an item says; the same shape for the starter file and for administrators. */
    public record Description(String title, ContentItem.Kind kind, int durationMinutes, List<String> tags,
            String mediaRef) {
    }

    private record Starter(String key, String title, ContentItem.Kind kind, int durationMinutes, List<String> tags,
            String mediaRef) {
    }

    private final MongoTemplate mongo;
    private final ContentQueries queries;
    private final Clock clock;

    ContentLibrary(MongoTemplate mongo, ContentQueries queries, Clock clock) {
        this.mongo = mongo;
        this.queries = queries;
        this.clock = clock;
        addStarterLibrary();
    }

    private void addStarterLibrary() {
        List<Starter> starters;
        try (InputStream in = new ClassPathResource("content/starter-library.json").getInputStream()) {
            starters = JsonMapper.builder().build().readValue(in, new TypeReference<List<Starter>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("content/starter-library.json cannot be read", e);
        }
        for (Starter starter : starters) {
            String id = ContentItem.starterId(starter.key());
            if (mongo.findById(id, ContentItem.class) != null) {
                continue;
            }
            ContentItem item = ContentItem.starter(id, new Description(starter.title(), starter.kind(),
                    starter.durationMinutes(), starter.tags(), starter.mediaRef()), clock.instant());
            try {
                mongo.insert(item);
            } catch (DuplicateKeyException addedByAnotherInstance) {
                // Another instance added it first: the library has it, which is all that matters.
            }
        }
    }

    public ContentItem add(Description description) {
        return mongo.insert(ContentItem.added(UUID.randomUUID().toString(), description, clock.instant()));
    }

    /** Changes an item; the version check refuses a change based on a stale read. */
    public ContentItem change(String id, Description description) {
        ContentItem item = queries.get(id);
        item.describe(description, clock.instant());
        return mongo.save(item);
    }

    public ContentItem retire(String id) {
        ContentItem item = queries.get(id);
        item.retire(clock.instant());
        return mongo.save(item);
    }
}

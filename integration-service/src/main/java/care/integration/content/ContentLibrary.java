package care.integration.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.kit.problem.ProblemException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The library of breathwork and guided meditations. It ships with a small starter library
 * ({@code content/starter-library.json}) that is added on start-up when missing, under ids derived from
 * stable keys, so several instances starting at once add each item once and an administrator's edits are
 * never overwritten. Administrators add, change and retire items; a retired item leaves search results but
 * stays readable, because coaching sessions may have recommended it.
 */
@Component
public class ContentLibrary {

    /** What an item says; the same shape for the starter file and for administrators. */
    public record Description(String title, ContentItem.Kind kind, int durationMinutes, List<String> tags,
            String mediaRef) {
    }

    private record Starter(String key, String title, ContentItem.Kind kind, int durationMinutes, List<String> tags,
            String mediaRef) {
    }

    private final MongoTemplate mongo;
    private final Clock clock;

    ContentLibrary(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
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
            String id = UUID.nameUUIDFromBytes(("content:" + starter.key()).getBytes(StandardCharsets.UTF_8)).toString();
            if (mongo.findById(id, ContentItem.class) != null) {
                continue;
            }
            ContentItem item = describe(new ContentItem(), new Description(starter.title(), starter.kind(),
                    starter.durationMinutes(), starter.tags(), starter.mediaRef()));
            item.id = id;
            item.starter = true;
            item.createdAt = clock.instant();
            try {
                mongo.insert(item);
            } catch (DuplicateKeyException addedByAnotherInstance) {
                // Another instance added it first: the library has it, which is all that matters.
            }
        }
    }

    /**
     * Active items, shortest first, then by title.
     *
     * @param kind       only this kind, or {@code null} for both
     * @param maxMinutes at most this long, or {@code null}
     * @param tag        carrying this tag, or {@code null}
     */
    public List<ContentItem> search(ContentItem.Kind kind, Integer maxMinutes, String tag) {
        Criteria criteria = Criteria.where("status").is(ContentItem.Status.ACTIVE);
        if (kind != null) {
            criteria = criteria.and("kind").is(kind);
        }
        if (maxMinutes != null) {
            criteria = criteria.and("durationMinutes").lte(maxMinutes);
        }
        if (tag != null) {
            criteria = criteria.and("tags").is(tag);
        }
        return mongo.find(Query.query(criteria).with(Sort.by("durationMinutes", "title")).limit(200), ContentItem.class);
    }

    public ContentItem get(String id) {
        ContentItem item = mongo.findById(id, ContentItem.class);
        if (item == null) {
            throw ProblemException.notFound("The content item");
        }
        return item;
    }

    public ContentItem add(Description description) {
        ContentItem item = describe(new ContentItem(), description);
        item.id = UUID.randomUUID().toString();
        item.createdAt = clock.instant();
        return mongo.insert(item);
    }

    /** Changes an item; the version check refuses a change based on a stale read. */
    public ContentItem change(String id, Description description) {
        ContentItem item = describe(get(id), description);
        item.updatedAt = clock.instant();
        return mongo.save(item);
    }

    public ContentItem retire(String id) {
        ContentItem item = get(id);
        item.status = ContentItem.Status.RETIRED;
        item.updatedAt = clock.instant();
        return mongo.save(item);
    }

    /** The ids among {@code ids} that name no item of the library. */
    public List<String> unknown(List<String> ids) {
        return ids.stream().filter(id -> mongo.findById(id, ContentItem.class) == null).toList();
    }

    private static ContentItem describe(ContentItem item, Description description) {
        item.title = description.title().strip();
        item.kind = description.kind();
        item.durationMinutes = description.durationMinutes();
        item.tags = description.tags() == null ? List.of()
                : description.tags().stream().map(String::toLowerCase).distinct().toList();
        item.mediaRef = description.mediaRef();
        return item;
    }
}

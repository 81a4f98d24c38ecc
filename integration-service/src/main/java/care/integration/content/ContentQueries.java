package care.integration.content;

import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.kit.domain.Refusal;

/** Searches and reads the content library. */
@Component
public class ContentQueries {

    private final MongoTemplate mongo;

    ContentQueries(MongoTemplate mongo) {
        this.mongo = mongo;
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

    /** The item, retired or not, or 404. */
    public ContentItem get(String id) {
        ContentItem item = mongo.findById(id, ContentItem.class);
        if (item == null) {
            throw Refusal.notFound("The content item");
        }
        return item;
    }

    /** The ids among {@code ids} that name no item of the library. */
    public List<String> unknown(List<String> ids) {
        return ids.stream().filter(id -> mongo.findById(id, ContentItem.class) == null).toList();
    }
}

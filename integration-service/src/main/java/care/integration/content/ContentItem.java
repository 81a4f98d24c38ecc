package care.integration.content;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.kit.domain.DerivedIds;

/** A breathwork exercise or guided meditation of the content library. Not personal data. */
@Document("content")
public class ContentItem {

    public enum Kind {
        BREATHWORK, MEDITATION
    }

    public enum Status {
        ACTIVE, RETIRED
    }

    @Id
    String id;
    @Version
    Long version;
    String title;
    Kind kind;
    int durationMinutes;
    List<String> tags = new ArrayList<>();
    String mediaRef;
    Status status = Status.ACTIVE;
    boolean starter;
    Instant createdAt;
    Instant updatedAt;

    ContentItem() {
    }

    /** The id of the starter library's item {@code key}: the same in every instance and release. */
    static String starterId(String key) {
        return DerivedIds.of("content", key).toString();
    }

    /** An item of the starter library, under the id derived from its key. */
    static ContentItem starter(String id, ContentLibrary.Description description, Instant now) {
        ContentItem item = added(id, description, now);
        item.starter = true;
        return item;
    }

    /** An item an administrator adds. */
    static ContentItem added(String id, ContentLibrary.Description description, Instant now) {
        ContentItem item = new ContentItem();
        item.id = id;
        item.describe(description);
        item.createdAt = now;
        return item;
    }

    /** Says what {@code description} says: the title stripped, tags in lower case, each once. */
    void describe(ContentLibrary.Description description, Instant now) {
        describe(description);
        updatedAt = now;
    }

    /** Takes the item out of search results; it stays readable, as coaching sessions may have recommended it. */
    void retire(Instant now) {
        status = Status.RETIRED;
        updatedAt = now;
    }

    private void describe(ContentLibrary.Description description) {
        title = description.title().strip();
        kind = description.kind();
        durationMinutes = description.durationMinutes();
        tags = description.tags() == null ? List.of()
                : description.tags().stream().map(String::toLowerCase).distinct().toList();
        mediaRef = description.mediaRef();
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public Kind kind() {
        return kind;
    }

    public int durationMinutes() {
        return durationMinutes;
    }

    public List<String> tags() {
        return List.copyOf(tags);
    }

    public String mediaRef() {
        return mediaRef;
    }

    public Status status() {
        return status;
    }
}

package care.integration.content;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

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

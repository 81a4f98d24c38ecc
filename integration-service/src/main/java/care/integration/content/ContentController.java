package care.integration.content;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import care.kit.access.Allowed;
import care.kit.security.Role;

/** The content library: everyone signed in searches it; administrators manage it. */
@RestController
class ContentController {

    static final String TAG = "[A-Za-z0-9][A-Za-z0-9-]{0,31}";
    static final String MEDIA_REF = "(https://|media/)[A-Za-z0-9._~/?#@!$&'()*+,;=%:-]{1,480}";

    record ContentRequest(@NotBlank @Size(max = 120) String title, @NotNull ContentItem.Kind kind,
            @NotNull @Min(1) @Max(180) Integer durationMinutes,
            @Size(max = 10) List<@NotNull @Pattern(regexp = TAG, message = "must be letters, digits and dashes, at most 32") String> tags,
            @NotBlank @Pattern(regexp = MEDIA_REF, message = "must be an https URL or a media/ path") String mediaRef) {

        ContentLibrary.Description description() {
            return new ContentLibrary.Description(title, kind, durationMinutes, tags, mediaRef);
        }
    }

    record ContentView(String contentId, String title, ContentItem.Kind kind, int durationMinutes, List<String> tags,
            String mediaRef, ContentItem.Status status) {

        static ContentView of(ContentItem item) {
            return new ContentView(item.id(), item.title(), item.kind(), item.durationMinutes(), item.tags(),
                    item.mediaRef(), item.status());
        }
    }

    record Page(List<ContentView> items) {
    }

    private final ContentLibrary library;
    private final ContentQueries queries;

    ContentController(ContentLibrary library, ContentQueries queries) {
        this.library = library;
        this.queries = queries;
    }

    @GetMapping("/api/integration/content")
    @Allowed(authenticated = true)
    Page search(@RequestParam(required = false) ContentItem.Kind kind,
            @RequestParam(required = false) @Min(1) @Max(600) Integer maxMinutes,
            @RequestParam(required = false) @Pattern(regexp = TAG, message = "must be letters, digits and dashes, at most 32") String tag) {
        return new Page(queries.search(kind, maxMinutes, tag == null ? null : tag.toLowerCase()).stream().map(ContentView::of).toList());
    }

    @GetMapping("/api/integration/content/{contentId}")
    @Allowed(authenticated = true)
    ContentView get(@PathVariable String contentId) {
        return ContentView.of(queries.get(contentId));
    }

    @PostMapping("/api/integration/content")
    @Allowed(roles = Role.ADMIN)
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<ContentView> add(@Valid @RequestBody ContentRequest request) {
        ContentItem item = library.add(request.description());
        return ResponseEntity.created(URI.create("/api/integration/content/" + item.id())).body(ContentView.of(item));
    }

    @PutMapping("/api/integration/content/{contentId}")
    @Allowed(roles = Role.ADMIN)
    @PreAuthorize("hasRole('ADMIN')")
    ContentView change(@PathVariable String contentId, @Valid @RequestBody ContentRequest request) {
        return ContentView.of(library.change(contentId, request.description()));
    }

    @DeleteMapping("/api/integration/content/{contentId}")
    @Allowed(roles = Role.ADMIN)
    @PreAuthorize("hasRole('ADMIN')")
    ContentView retire(@PathVariable String contentId) {
        return ContentView.of(library.retire(contentId));
    }
}

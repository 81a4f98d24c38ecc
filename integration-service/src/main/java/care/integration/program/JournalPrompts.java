package care.integration.program;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import care.kit.domain.DerivedIds;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The program's journaling prompts, tied to the session number they follow (DOMAIN: integration), read
 * from {@code journal/prompts.json}. A prompt's id derives from its stable key, so ids survive restarts and
 * redeployments and a reworded prompt keeps its id.
 */
@Component
public class JournalPrompts {

    /** One prompt of the library. */
    public record Prompt(String promptId, String key, int sessionNumber, String text) {
    }

    private record Entry(String key, int sessionNumber, String text) {
    }

    private final List<Prompt> prompts;

    JournalPrompts() {
        try (InputStream in = new ClassPathResource("journal/prompts.json").getInputStream()) {
            List<Entry> entries = JsonMapper.builder().build().readValue(in, new TypeReference<List<Entry>>() {
            });
            this.prompts = entries.stream().map(entry -> new Prompt(idOf(entry.key()), entry.key(), entry.sessionNumber(),
                    entry.text())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("journal/prompts.json cannot be read", e);
        }
    }

    static String idOf(String key) {
        return DerivedIds.of("prompt", key).toString();
    }

    /** The prompts that follow session {@code sessionNumber}. */
    public List<Prompt> forSession(int sessionNumber) {
        return prompts.stream().filter(prompt -> prompt.sessionNumber() == sessionNumber).toList();
    }

    public Optional<Prompt> find(String promptId) {
        return prompts.stream().filter(prompt -> prompt.promptId().equals(promptId)).findFirst();
    }
}

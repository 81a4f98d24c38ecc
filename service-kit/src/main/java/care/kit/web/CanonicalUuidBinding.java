package care.kit.web;

import java.beans.PropertyEditorSupport;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Binds path variables and query parameters typed {@link UUID}: only the canonical 8-4-4-4-12 hexadecimal form is
 * accepted, in either case (the JDK's own parser, which Spring falls back to, also takes {@code 1-2-3-4-5}). A
 * controller that takes a {@code UUID} gets its canonical lower-case text from {@code toString()}, so ids are never
 * parsed or lower-cased by hand; a value of another shape is a 400 problem naming the parameter.
 */
@ControllerAdvice
class CanonicalUuidBinding {

    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @InitBinder
    void canonicalUuids(WebDataBinder binder) {
        binder.registerCustomEditor(UUID.class, new Editor());
    }

    /** The id of {@code text}, or an {@link IllegalArgumentException} when it is not a canonical UUID. */
    static UUID parse(String text) {
        String stripped = text.strip();
        if (!CANONICAL.matcher(stripped).matches()) {
            throw new IllegalArgumentException("not a UUID");
        }
        return UUID.fromString(stripped.toLowerCase(Locale.ROOT));
    }

    private static final class Editor extends PropertyEditorSupport {

        @Override
        public void setAsText(String text) {
            setValue(text == null || text.isEmpty() ? null : parse(text));
        }

        @Override
        public String getAsText() {
            return getValue() == null ? "" : getValue().toString();
        }
    }
}

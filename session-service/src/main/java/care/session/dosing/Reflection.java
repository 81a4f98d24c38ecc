package care.session.dosing;

import java.time.Instant;
import java.util.UUID;

/** The patient's reflection after a dosing session (field {@code reflection}). */
public class Reflection {
    String id;
    String text;
    int mood;
    Instant submittedAt;

    static Reflection of(String text, int mood, Instant now) {
        Reflection reflection = new Reflection();
        reflection.id = UUID.randomUUID().toString();
        reflection.text = text;
        reflection.mood = mood;
        reflection.submittedAt = now;
        return reflection;
    }
}

package care.scheduling.booking;

import java.util.UUID;

/**
 * A staff id from a request body or a token, as the staff directory keys it: a UUID in lowercase, anything else as
 * it is (path and query ids are bound as UUIDs at the edge; these are not, so that an unknown provider stays a
 * refusal by the booking rules rather than a malformed request).
 */
final class StaffIds {

    private StaffIds() {
    }

    static String canonical(String id) {
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException notAUuid) {
            return id;
        }
    }
}

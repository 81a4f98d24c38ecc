package care.notification.notice;

import org.springframework.data.annotation.TypeAlias;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * How a {@link Notification} is stored: collection {@code notifications}, the type key it always had, and the
 * indexes the timer ({@code status, nextAttemptAt}), a patient's list ({@code patientId}) and an appointment's
 * reminders ({@code referenceId}) read by. The indexes are unnamed, so the store names them from their keys as
 * before. The aggregate itself holds no store types.
 */
@Document("notifications")
@TypeAlias("care.notification.notice.Notification")
@CompoundIndex(def = "{'status': 1, 'nextAttemptAt': 1}")
@CompoundIndex(def = "{'patientId': 1}")
@CompoundIndex(def = "{'referenceId': 1}")
public final class StoredNotification extends Notification {

    StoredNotification() {
    }
}

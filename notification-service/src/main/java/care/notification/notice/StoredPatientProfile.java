package care.notification.notice;

import org.springframework.data.annotation.TypeAlias;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * How a {@link PatientProfile} is stored: collection {@code patients}, the type key it always had, and the sparse
 * index a patient's reply (STOP, START) finds the number by. The index is unnamed, so the store names it from its
 * key as before. The aggregate itself holds no store types.
 */
@Document("patients")
@TypeAlias("care.notification.notice.PatientProfile")
@CompoundIndex(def = "{'phone': 1}", sparse = true)
public final class StoredPatientProfile extends PatientProfile {

    StoredPatientProfile() {
    }
}

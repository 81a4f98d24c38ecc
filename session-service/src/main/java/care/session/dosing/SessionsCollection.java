package care.session.dosing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * How dosing sessions are stored: the collection {@code sessions} and the indexes its reads need (a patient's
 * list; a clinician's worklist by start; the timer's look for passed deadlines, sparse: only sessions in progress
 * have one). Declared here rather than on {@link DosingSession}, so the aggregate names no store type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Document("sessions")
@CompoundIndex(def = "{'patientId': 1}")
@CompoundIndex(def = "{'providerId': 1, 'scheduledStart': 1}")
@CompoundIndex(def = "{'nextCheckDeadline': 1}", sparse = true)
@interface SessionsCollection {
}

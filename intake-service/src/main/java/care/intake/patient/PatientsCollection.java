package care.intake.patient;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * How intake records are stored: the collection {@code patients} and the indexes its reads need (the care teams
 * and emergency accesses a staff member holds, when their registration ends). Declared here rather than on
 * {@link Patient}, so the aggregate names no store type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Document("patients")
@CompoundIndex(def = "{'careTeam.staffId': 1}")
@CompoundIndex(def = "{'emergencyGrants.staffId': 1}")
@interface PatientsCollection {
}

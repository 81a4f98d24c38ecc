package care.contracts;

import java.util.UUID;

/**
 * An event about one patient: every record of the v1 contract implements it, except the staff directory's
 * {@link StaffEvent}s.
 *
 * <p>On Kafka the record key and {@code ce_subject} are {@link #patientId()} (see {@link ContractEvent}).
 *
 * <p>Privacy: apart from {@link care.contracts.intake.PatientContactChanged} (restricted topic), events carry
 * only random ids, codes, counts, scores and times, never names, contact details, birth dates, addresses or
 * free text written by patients or clinicians.
 */
public interface CareEvent extends ContractEvent {

    /**
     * The patient this event is about: a random UUID assigned at registration, never derived from personal
     * data. It is also the Kafka record key, so all events of one patient stay in order on a topic.
     */
    UUID patientId();

    @Override
    default UUID subject() {
        return patientId();
    }
}

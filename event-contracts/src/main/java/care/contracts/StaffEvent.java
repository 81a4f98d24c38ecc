package care.contracts;

import java.util.UUID;

/**
 * An event about a member of the clinic's staff (a clinician or a coach), not about a patient. It carries
 * ids and codes only: a staff member's name and contact details stay with the service that owns them.
 *
 * <p>On Kafka the record key and {@code ce_subject} are {@link #staffId()} (see {@link ContractEvent}).
 */
public interface StaffEvent extends ContractEvent {

    /** The staff member: their provider id, the {@code sub} of their token. */
    UUID staffId();

    @Override
    default UUID subject() {
        return staffId();
    }
}

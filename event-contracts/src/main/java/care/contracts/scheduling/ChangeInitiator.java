package care.contracts.scheduling;

/** Who moved or cancelled an appointment; SYSTEM covers automatic changes such as a paused plan. */
public enum ChangeInitiator { PATIENT, PROVIDER, CLINIC_STAFF, SYSTEM }

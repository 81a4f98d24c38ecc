package care.contracts.notification;

/** Who a notification is for: the patient, or a member of their care team about the patient. */
public enum Recipient { PATIENT, CLINICIAN, COACH }

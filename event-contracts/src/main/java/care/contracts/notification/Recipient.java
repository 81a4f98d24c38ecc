package care.contracts.notification;

/** Who a notification is for: the patient, or a clinician about the patient (escalations). */
public enum Recipient { PATIENT, CLINICIAN }

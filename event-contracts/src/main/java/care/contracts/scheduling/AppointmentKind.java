package care.contracts.scheduling;

/** What an appointment is for; default lengths 45, 180 and 45 minutes. */
public enum AppointmentKind { CONSULTATION, DOSING_SESSION, INTEGRATION_COACHING }

/**
 * The audit trail on {@link care.contracts.Topics#AUDIT_EVENTS}: {@link care.contracts.audit.AccessRecorded},
 * published by every service for every access to a patient's personal data.
 */
package care.contracts.audit;

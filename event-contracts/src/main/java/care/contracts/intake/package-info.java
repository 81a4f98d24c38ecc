/**
 * Events of the intake service on {@link care.contracts.Topics#INTAKE_EVENTS}, and
 * {@link care.contracts.intake.PatientContactChanged} on the restricted
 * {@link care.contracts.Topics#PATIENT_CONTACTS}.
 */
package care.contracts.intake;

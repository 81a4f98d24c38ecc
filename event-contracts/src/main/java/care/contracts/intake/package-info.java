/**
 * Events of the intake service on {@link care.contracts.Topics#INTAKE_EVENTS};
 * {@link care.contracts.intake.PatientContactChanged} on the restricted {@link care.contracts.Topics#PATIENT_CONTACTS};
 * {@link care.contracts.intake.CareTeamChanged} on {@link care.contracts.Topics#CARE_TEAMS}; and
 * {@link care.contracts.intake.StaffMemberChanged} on {@link care.contracts.Topics#STAFF_DIRECTORY}.
 */
package care.contracts.intake;

/**
 * Scoring of the screening questionnaires (GAD-7, PHQ-9): pure functions without Spring or storage, so the
 * clinical arithmetic can be tested at every band edge on its own.
 */
package care.intake.screening;

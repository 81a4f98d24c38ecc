/**
 * Eligibility rules of a program: a versioned rule set that a medical director edits as data, and the
 * pure checks that turn a screening into contraindication findings and gate a clinician's approval.
 * No Spring and no storage, so every clinical boundary can be unit-tested.
 */
package care.intake.eligibility;

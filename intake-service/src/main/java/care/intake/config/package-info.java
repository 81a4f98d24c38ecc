/**
 * Reading the service's configuration files: the eligibility rule set a medical director edits as JSON, turned
 * into the plain {@link care.intake.eligibility.EligibilityRules} the rules check against.
 */
package care.intake.config;

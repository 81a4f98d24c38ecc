/**
 * Events of the integration service on {@link care.contracts.Topics#INTEGRATION_EVENTS}: integration phases,
 * journaling (ids and counts only), coaching, outcome measures and program completion.
 */
package care.contracts.integration;

/**
 * Events of the session service on {@link care.contracts.Topics#SESSION_EVENTS}: preparation, supervised
 * dosing sessions, safety and reflections (ids and counts only; the text stays in the session service).
 */
package care.contracts.session;

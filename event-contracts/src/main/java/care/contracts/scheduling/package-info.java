/** Events of the scheduling service on {@link care.contracts.Topics#SCHEDULING_EVENTS}: plans and appointments. */
package care.contracts.scheduling;

/**
 * Events of the notification service on {@link care.contracts.Topics#NOTIFICATION_EVENTS}. They describe a
 * notification's lifecycle by codes; the rendered text and the destination never leave the service.
 */
package care.contracts.notification;

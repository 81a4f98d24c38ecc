package care.contracts.notification;

/** How a notification reaches its recipient. SMS needs SMS consent and never contains health information. */
public enum Channel { EMAIL, SMS, PUSH }

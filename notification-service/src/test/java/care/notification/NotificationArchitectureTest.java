package care.notification;

import care.kit.test.ServiceArchitectureTest;

/** The shared shape, with this service's rules: quiet hours, the text allowance, the reminder plan, the texts. */
class NotificationArchitectureTest extends ServiceArchitectureTest {

    NotificationArchitectureTest() {
        super("care.notification.policy");
    }
}

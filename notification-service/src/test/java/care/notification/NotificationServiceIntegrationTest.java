package care.notification;

import care.kit.test.PlatformServiceContract;

/** Boots the notification service against the real test broker and store and checks the platform contract. */
class NotificationServiceIntegrationTest extends PlatformServiceContract {

    NotificationServiceIntegrationTest() {
        super("/api/notifications");
    }
}

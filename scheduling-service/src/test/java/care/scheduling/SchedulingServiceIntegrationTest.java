package care.scheduling;

import care.kit.test.PlatformServiceContract;

/** Boots the scheduling service against the real test broker and store and checks the platform contract. */
class SchedulingServiceIntegrationTest extends PlatformServiceContract {

    SchedulingServiceIntegrationTest() {
        super("/api/scheduling");
    }
}

package care.session;

import care.kit.test.PlatformServiceContract;

/** Boots the session service against the real test broker and store and checks the platform contract. */
class SessionServiceIntegrationTest extends PlatformServiceContract {

    SessionServiceIntegrationTest() {
        super("/api/sessions");
    }
}

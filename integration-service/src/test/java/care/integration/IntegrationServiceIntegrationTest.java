package care.integration;

import care.kit.test.PlatformServiceContract;

/** Boots the integration service against the real test broker and store and checks the platform contract. */
class IntegrationServiceIntegrationTest extends PlatformServiceContract {

    IntegrationServiceIntegrationTest() {
        super("/api/integration");
    }
}

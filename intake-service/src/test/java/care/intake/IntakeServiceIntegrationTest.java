package care.intake;

import care.kit.test.PlatformServiceContract;

/** Boots the intake service against the real test broker and store and checks the platform contract. */
@org.junit.jupiter.api.Tag("integration")
@IntakeIntegrationTest
class IntakeServiceIntegrationTest extends PlatformServiceContract {

    IntakeServiceIntegrationTest() {
        super("/api/intake");
    }
}

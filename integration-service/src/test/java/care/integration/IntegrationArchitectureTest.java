package care.integration;

import care.kit.test.ServiceArchitectureTest;

/** The integration service keeps the platform's shape; its rules are the outcome measures and the program's policy. */
class IntegrationArchitectureTest extends ServiceArchitectureTest {

    IntegrationArchitectureTest() {
        super("care.integration.outcome", "care.integration.pathway");
    }
}

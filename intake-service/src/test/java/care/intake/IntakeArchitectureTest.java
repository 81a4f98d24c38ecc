package care.intake;

import care.kit.test.ServiceArchitectureTest;

/** The shape every service keeps (see {@link ServiceArchitectureTest}); screening and eligibility rules are plain Java. */
class IntakeArchitectureTest extends ServiceArchitectureTest {

    IntakeArchitectureTest() {
        super("care.intake.screening", "care.intake.eligibility");
    }
}

package care.session;

import care.kit.test.ServiceArchitectureTest;

/** The shape every service keeps (see {@link ServiceArchitectureTest}); the safety rules are plain Java. */
class SessionArchitectureTest extends ServiceArchitectureTest {

    SessionArchitectureTest() {
        super("care.session.safety");
    }
}

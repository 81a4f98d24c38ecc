package care.scheduling;

import care.kit.test.ServiceArchitectureTest;

/**
 * The service's shape: no package cycles, plain-Java rules (pacing, availability, placement), aggregates free of
 * web and store access, controllers free of the store, no other service's classes.
 */
class SchedulingArchitectureTest extends ServiceArchitectureTest {

    SchedulingArchitectureTest() {
        super("care.scheduling.pacing", "care.scheduling.availability", "care.scheduling.placement");
    }
}

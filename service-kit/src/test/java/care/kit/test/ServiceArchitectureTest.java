package care.kit.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import care.kit.domain.Aggregate;

/**
 * The shape every service keeps, checked on its production classes. A service's test extends this in its root
 * package and names its rule packages:
 * <ul>
 * <li>its packages have no cycles;</li>
 * <li>its rules (the policies) are plain Java: the JDK, the event contracts, the kit's domain vocabulary and
 * their own packages, so a rule can be read and unit-tested without Spring or a store;</li>
 * <li>its aggregates ({@link Aggregate}) use no web types and do not reach the store (mapping annotations such as
 * {@code @Document} and {@code @CompoundIndex} are fine): they check rules and return events;</li>
 * <li>its controllers do not reach the store: they call application services and queries;</li>
 * <li>it uses no other service's classes (services talk through Kafka events only).</li>
 * </ul>
 */
public abstract class ServiceArchitectureTest {

    private static final String[] SERVICES = { "care.intake", "care.scheduling", "care.session",
            "care.integration", "care.notification", "care.gateway", "care.web" };

    private final List<String> rulePackages;

    /** @param rulePackages the packages that hold the service's rules, e.g. {@code "care.scheduling.pacing"} */
    protected ServiceArchitectureTest(String... rulePackages) {
        this.rulePackages = List.of(rulePackages);
    }

    /** The service's production classes: the test's package and below. */
    protected JavaClasses serviceClasses() {
        return importClasses(getClass().getPackageName());
    }

    /** The production classes (no tests) of these packages and below. */
    protected JavaClasses importClasses(String... packages) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(packages);
    }

    @Test
    protected void packagesHaveNoCycles() {
        slices().matching(getClass().getPackageName() + ".(**)").should().beFreeOfCycles().check(serviceClasses());
    }

    @Test
    protected void rulesArePlainJava() {
        assertThat(rulePackages).as("the service names its rule packages").isNotEmpty();
        JavaClasses rules = importClasses(rulePackages.toArray(String[]::new));
        for (String rulePackage : rulePackages) {
            assertThat(rules.stream().anyMatch(type -> type.getPackageName().startsWith(rulePackage)))
                    .as("rule package %s has classes", rulePackage).isTrue();
        }
        String[] allowed = Stream.concat(Stream.of("java..", "care.contracts..", "care.kit.domain.."),
                rulePackages.stream().map(rulePackage -> rulePackage + "..")).toArray(String[]::new);
        classes().should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .because("rules are plain Java, tested in milliseconds without Spring or a store").check(rules);
    }

    @Test
    protected void aggregatesHoldNoWebOrStoreAccess() {
        JavaClasses service = serviceClasses();
        assertThat(service.stream().anyMatch(type -> type.isAnnotatedWith(Aggregate.class)))
                .as("the service marks its aggregates with @Aggregate").isTrue();
        noClasses().that().areAnnotatedWith(Aggregate.class).should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework.web..", "org.springframework.http..", "jakarta.servlet..",
                        "care.kit.problem..", "care.kit.outbox..", "org.springframework.data.mongodb.core",
                        "org.springframework.data.mongodb.core.query..", "org.springframework.data.mongodb.core.aggregation..",
                        "org.springframework.data.mongodb.repository..", "com.mongodb..", "org.bson..")
                .because("an aggregate checks rules and returns events (a refusal is a care.kit.domain.Refusal); it is"
                        + " mapped to its document with annotations, and loaded and saved by its application service")
                .check(service);
    }

    @Test
    protected void controllersDoNotReachTheStore() {
        noClasses().that().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                .or().areAnnotatedWith("org.springframework.stereotype.Controller")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework.data.mongodb.core..", "com.mongodb..", "org.bson..")
                .because("controllers call application services and queries, which own the store")
                .check(serviceClasses());
    }

    @Test
    protected void usesNoOtherServicesClasses() {
        String own = getClass().getPackageName();
        String[] others = Arrays.stream(SERVICES).filter(root -> !own.equals(root) && !own.startsWith(root + "."))
                .map(root -> root + "..").toArray(String[]::new);
        noClasses().should().dependOnClassesThat().resideInAnyPackage(others).check(serviceClasses());
    }
}

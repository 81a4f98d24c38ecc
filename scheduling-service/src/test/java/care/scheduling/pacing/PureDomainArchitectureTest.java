package care.scheduling.pacing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The pacing and availability rules are plain Java: no Spring, no MongoDB, nothing but the JDK and contracts. */
class PureDomainArchitectureTest {

    @Test
    void pacingAndAvailabilityDependOnlyOnTheJdkAndContracts() {
        JavaClasses rules = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("care.scheduling.pacing", "care.scheduling.availability");
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "care.contracts..", "care.scheduling.pacing..",
                        "care.scheduling.availability..")
                .check(rules);
    }
}

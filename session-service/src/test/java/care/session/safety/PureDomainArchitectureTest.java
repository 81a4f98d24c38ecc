package care.session.safety;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The safety rules are plain Java: no Spring, no MongoDB, nothing but the JDK and contracts. */
class PureDomainArchitectureTest {

    @Test
    void safetyRulesDependOnlyOnTheJdkAndContracts() {
        JavaClasses rules = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("care.session.safety");
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "care.contracts..", "care.session.safety..")
                .check(rules);
    }
}

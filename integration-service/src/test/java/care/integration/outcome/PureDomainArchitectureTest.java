package care.integration.outcome;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Scoring and the measure schedule are plain Java: nothing but the JDK and contracts. */
class PureDomainArchitectureTest {

    @Test
    void outcomeRulesDependOnlyOnTheJdkAndContracts() {
        JavaClasses rules = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("care.integration.outcome");
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "care.contracts..", "care.integration.outcome..").check(rules);
    }
}

package care.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contract is plain Java: any service, and any analytics job, can use it without a framework. */
class ContractIndependenceTest {

    @Test
    void contractClassesUseNothingButTheJdk() {
        JavaClasses contract = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("care.contracts");
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("care.contracts..", "java..")
                .because("event-contracts may not depend on Spring, MongoDB, Jackson or any service")
                .check(contract);
    }
}

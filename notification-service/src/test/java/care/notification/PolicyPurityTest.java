package care.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The notification rules (quiet hours, SMS allowance, reminders, texts) are plain Java: the JDK and contracts. */
class PolicyPurityTest {

    @Test
    void policyDependsOnlyOnTheJdkAndContracts() {
        JavaClasses policy = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("care.notification.policy");
        assertThat(policy).isNotEmpty();
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "care.contracts..", "care.notification.policy..").check(policy);
    }
}

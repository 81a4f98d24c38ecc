package care.kit.selftest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** service-kit is infrastructure every service shares: it knows no service and no service's domain. */
class ServiceKitArchitectureTest {

    @Test
    void serviceKitDependsOnNoService() {
        JavaClasses kit = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("care.kit");
        noClasses().should().dependOnClassesThat().resideInAnyPackage("care.intake..", "care.scheduling..",
                "care.session..", "care.integration..", "care.notification..", "care.gateway..").check(kit);
    }

    /** The services' rules use the kit's domain vocabulary, so it must stay as plain as they are. */
    @Test
    void theDomainVocabularyIsPlainJava() {
        JavaClasses domain = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("care.kit.domain");
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "care.kit.domain..").check(domain);
    }

    /** Each shared rule that every service's architecture test applies finds a service that breaks it. */
    @Test
    void theSharedServiceRulesFindWhatTheyAreAbout() {
        care.fixture.badservice.BadServiceShape bad = new care.fixture.badservice.BadServiceShape();
        org.assertj.core.api.Assertions.assertThatThrownBy(bad::cycles).isInstanceOf(AssertionError.class)
                .hasMessageContaining("cycle");
        org.assertj.core.api.Assertions.assertThatThrownBy(bad::rules).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Gap");
        org.assertj.core.api.Assertions.assertThatThrownBy(bad::aggregates).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ProblemException").hasMessageContaining("Ledger")
                .hasMessageNotContaining("Journal");
        org.assertj.core.api.Assertions.assertThatThrownBy(bad::controllers).isInstanceOf(AssertionError.class)
                .hasMessageContaining("MongoTemplate");
    }
}

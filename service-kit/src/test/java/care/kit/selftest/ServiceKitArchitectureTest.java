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
}

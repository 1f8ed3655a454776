package herd.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of STYLE.md: the engine knows no CLI, only the SSH transport knows sshj, reporters
 * never reach into the runner, and modules see only the module SPI (never the runner or playbook).
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("herd");
    }

    @Test
    void theEngineNeverImportsPicocliOrTheCli() {
        noClasses().that().resideInAPackage("herd.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "herd.cli..")
                .check(classes);
    }

    @Test
    void onlyTheSshTransportImportsSshj() {
        noClasses().that().resideOutsideOfPackage("herd.engine.transport.ssh..")
                .should().dependOnClassesThat().resideInAnyPackage("net.schmizz..", "com.hierynomus..")
                .check(classes);
    }

    @Test
    void modulesDependOnlyOnTheModuleSpi() {
        noClasses().that().resideInAPackage("herd.engine.module..")
                .should().dependOnClassesThat().resideInAnyPackage("herd.engine.run..", "herd.engine.playbook..",
                        "herd.engine.inventory..", "herd.engine.report..", "herd.engine.transport.ssh..",
                        "herd.engine.transport.local..")
                .check(classes);
    }

    @Test
    void reportersNeverReachIntoTheRunnerOrTransports() {
        noClasses().that().resideInAPackage("herd.engine.report..")
                .should().dependOnClassesThat().resideInAnyPackage("herd.engine.run..", "herd.engine.transport..")
                .check(classes);
    }
}

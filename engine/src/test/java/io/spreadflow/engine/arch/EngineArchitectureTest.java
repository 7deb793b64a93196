package io.spreadflow.engine.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The engine stays plain Java: Flink operators wrap it, never the other way round. */
class EngineArchitectureTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.spreadflow.engine");

    @Test
    void noEngineClassDependsOnFlink() {
        noClasses().that().resideInAPackage("io.spreadflow.engine..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
                .check(ENGINE);
    }

    @Test
    void strategiesDoNotReachIntoTheFrameworksInternals() {
        noClasses().that().resideInAPackage("io.spreadflow.engine.strategies..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spreadflow.engine.fill..",
                        "io.spreadflow.engine.accounting..")
                .check(ENGINE);
    }
}

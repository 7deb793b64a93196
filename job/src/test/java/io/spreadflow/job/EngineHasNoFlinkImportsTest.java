package io.spreadflow.job;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine is plain Java: strategy authors never touch Flink, and Flink code only moves engine state. */
class EngineHasNoFlinkImportsTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.spreadflow.engine");

    @Test
    void engineClassesWereFound() {
        assertThat(ENGINE).as("engine classes on the class path").isNotEmpty();
        assertThat(ENGINE.contain(io.spreadflow.engine.InstrumentEngine.class)).isTrue();
    }

    @Test
    void engineDependsOnNoFlinkClass() {
        noClasses().that().resideInAPackage("io.spreadflow.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "org.apache.kafka..")
                .because("the engine is a pure function of its inputs, usable without Flink or Kafka (DESIGN §1)")
                .check(ENGINE);
    }

    @Test
    void engineDoesNotDependOnTheJob() {
        noClasses().that().resideInAPackage("io.spreadflow.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.spreadflow.job..", "io.spreadflow.cli..")
                .check(ENGINE);
    }
}

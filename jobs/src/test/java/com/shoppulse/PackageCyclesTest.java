package com.shoppulse;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The jobs' packages form layers: {@code kpi} and {@code events} at the bottom, then {@code
 * ingest}, {@code clickhouse} and {@code kafka}, then the jobs ({@code metrics}, {@code alerts}). A
 * cycle would mean a change to one package can break another it should not know about.
 */
class PackageCyclesTest {

    private static final JavaClasses MAIN_CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("com.shoppulse");

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("com.shoppulse.(*)..").should().beFreeOfCycles().check(MAIN_CLASSES);
    }
}

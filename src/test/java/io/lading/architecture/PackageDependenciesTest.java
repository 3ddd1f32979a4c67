package io.lading.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Which capability package (io.lading.&lt;capability&gt;) may use which, on the compiled main classes: no two
 * capabilities use each other (directly or round a longer loop), {@code platform} uses none of them, and inside a
 * capability {@code control} and {@code entity} never reach up into {@code boundary}.
 */
class PackageDependenciesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.lading");

    @Test
    void noTwoCapabilitiesUseEachOther() {
        slices().matching("io.lading.(*)..").namingSlices("$1").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void platformUsesNoCapability() {
        noClasses().that().resideInAPackage("io.lading.platform..")
                .should().dependOnClassesThat(
                        resideInAPackage("io.lading..").and(not(resideInAPackage("io.lading.platform.."))))
                .check(MAIN);
    }

    @Test
    void controlAndEntityNeverUseBoundary() {
        noClasses().that().resideInAnyPackage("..control..", "..entity..")
                .should().dependOnClassesThat().resideInAPackage("..boundary..")
                .check(MAIN);
    }
}

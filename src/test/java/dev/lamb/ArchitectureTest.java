package dev.lamb;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of DESIGN.md and issue 13 §1, held by a test so it cannot drift: commands stay
 * free of SDK types, the local cloud stays independent of the AWS-facing core and vice versa,
 * and no two top-level packages depend on each other.
 */
@AnalyzeClasses(packages = "dev.lamb", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule cliNamesNoSdkType = noClasses()
            .that().resideInAPackage("dev.lamb.cli..")
            .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
            .because("commands parse, call the core and render; the core talks to AWS");

    @ArchTest
    static final ArchRule localImportsNoAwsFacingCode = noClasses()
            .that().resideInAPackage("dev.lamb.local..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.lamb.cli..", "dev.lamb.aws..", "dev.lamb.deploy..",
                    "dev.lamb.tune..", "dev.lamb.logs..", "dev.lamb.traces..", "dev.lamb.metrics..")
            .because("the local cloud emulates AWS; it must not depend on the code that calls AWS");

    @ArchTest
    static final ArchRule awsFacingCodeImportsNoLocal = noClasses()
            .that().resideInAnyPackage(
                    "dev.lamb.aws..", "dev.lamb.deploy..", "dev.lamb.tune..",
                    "dev.lamb.logs..", "dev.lamb.traces..", "dev.lamb.metrics..")
            .should().dependOnClassesThat().resideInAPackage("dev.lamb.local..")
            .because("code that calls AWS works the same against any endpoint, the local cloud included");

    @ArchTest
    static final ArchRule noPackageCycles = slices()
            .matching("dev.lamb.(*)..")
            .should().beFreeOfCycles();
}

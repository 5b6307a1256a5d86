package io.wsnova.codec;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codec knows nothing of the engine (docs/ARCHITECTURE.md, "Modules"): no class under {@code io.wsnova.codec}
 * depends on another wsnova package. Maven already keeps the engine off the codec's compile path; this rule also
 * holds if someone adds the dependency, and it is proved able to fail on a fixture.
 */
class ArchitectureTest
{
    static ArchRule codecDependsOnNoOtherWsnovaPackage(final String base, final String codec)
    {
        return noClasses().that().resideInAPackage(codec + "..")
            .should().dependOnClassesThat(resideInAPackage(base + "..").and(resideOutsideOfPackage(codec + "..")))
            .because("the codec is pure: frames, HTTP upgrade, UTF-8 and JSON over buffers, no engine types");
    }

    @Test
    void shouldDependOnNoEngineType()
    {
        final JavaClasses codec = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.wsnova.codec");

        codecDependsOnNoOtherWsnovaPackage("io.wsnova", "io.wsnova.codec").check(codec);
    }

    @Test
    void shouldFailOnACodecTypeThatUsesAnEngineType()
    {
        final JavaClasses fixtures = new ClassFileImporter().importPackages("io.wsnova.archfixture");

        assertThat(codecDependsOnNoOtherWsnovaPackage("io.wsnova.archfixture", "io.wsnova.archfixture.codec")
            .evaluate(fixtures).getFailureReport().toString()).contains("CodecUsingEngine.engine");
    }
}

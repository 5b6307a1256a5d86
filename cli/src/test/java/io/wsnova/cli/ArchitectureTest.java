package io.wsnova.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import io.wsnova.testkit.PublicEngineApi;
import org.junit.jupiter.api.Test;

import static io.wsnova.testkit.PublicEngineApi.usesOnlyThePublicEngineApi;

/**
 * The cli, and the adapters and mock exchange it ships with (on its class path) use only the engine's public API
 * (docs/ARCHITECTURE.md, "Modules"), tests included: the packages {@code io.wsnova.engine}, {@code api}, {@code
 * behaviour}, {@code config}, {@code runtime}, the adapter bases {@code jsonrpc} and {@code echo}, and of {@code
 * telemetry} only its query types ({@code Telemetry}, {@code LatencyStats}, {@code Stage}, {@code Window}, {@code
 * Counter}, {@code CountersFileReader}). Never {@code engine.client}, {@code engine.transport} or another telemetry
 * type.
 * The rule is the test kit's {@link PublicEngineApi} (shared by every module; its can-fail check is
 * PublicEngineApiTest).
 * <p>
 * Frozen ({@link FreezingArchRule}, store in {@code src/test/resources/archunit_store}): the use of
 * {@code transport.WebSocketOptions}, which the options branch of issue 13 removes (one option system); any new
 * violation fails, and the store shrinks when that one goes (commit it).
 */
class ArchitectureTest
{
    @Test
    void shouldUseOnlyThePublicEngineApi()
    {
        final JavaClasses classes = new ClassFileImporter().importPackages("io.wsnova.cli",
            "io.wsnova.adapters",
            "io.wsnova.mock");

        final ArchRule rule = usesOnlyThePublicEngineApi(PublicEngineApi.ENGINE,
            "io.wsnova.cli..",
            "io.wsnova.adapters..",
            "io.wsnova.mock..");
        FreezingArchRule.freeze(rule).check(classes);
    }
}

package io.wsnova.aeron;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.File;
import java.nio.file.Path;
import java.util.UUID;

/**
 * An embedded media driver in a unique directory (under /dev/shm, or target/ without it) and a client of it,
 * deleted on close.
 */
final class AeronTestEnv implements AutoCloseable
{
    static final Path FALLBACK_PARENT = Path.of("target", "aeron");

    final String directory;
    final MediaDriver driver;
    final Aeron aeron;

    AeronTestEnv()
    {
        directory = EmbeddedDriver.directory("wsnova-test-" + UUID.randomUUID(), FALLBACK_PARENT);
        driver = EmbeddedDriver.launch(directory);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(directory));
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
        IoUtil.delete(new File(directory), true);
    }
}

package io.wsnova.aeron;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import org.agrona.CloseHelper;
import io.wsnova.testkit.Await;
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

    /**
     * Waits until a subscriber is connected and the driver has opened the publication's window: right after the
     * subscriber joins, the limit may still be 0 and offers are back pressured (on a loaded machine for longer than
     * the publisher's spin bound, which would drop the first events).
     */
    static void awaitReady(final Publication publication)
    {
        Await.until(() -> publication.isConnected() && publication.availableWindow() > 0, 30_000,
            "publication connected with an open window: " + publication.channel());
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
        IoUtil.delete(new File(directory), true);
    }
}

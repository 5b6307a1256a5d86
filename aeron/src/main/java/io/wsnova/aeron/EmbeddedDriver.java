package io.wsnova.aeron;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Launches a media driver inside the calling process, sized for a small machine: one shared conductor, sender and
 * receiver thread ({@link ThreadingMode#SHARED}) backing off to parks when idle, its directory deleted on start and
 * on close. A production host runs a standalone driver instead (docs/AERON.md) and the clients name its directory.
 */
public final class EmbeddedDriver
{
    /** The shared-memory file system where Linux keeps Aeron directories by default. */
    public static final String SHM_DIR = "/dev/shm";

    private EmbeddedDriver()
    {
    }

    /**
     * The directory for an Aeron driver of the given name: under {@code /dev/shm} when it exists and is writable
     * (page-cache backed, the fast choice), otherwise under {@code fallbackParent} (a CI box without
     * {@code /dev/shm}).
     *
     * @param name           the directory's name, unique per driver.
     * @param fallbackParent where to put it when {@code /dev/shm} is not usable.
     * @return the directory path (not created).
     */
    public static String directory(final String name, final Path fallbackParent)
    {
        final Path shm = Path.of(SHM_DIR);
        final Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : fallbackParent;
        return parent.resolve(name).toAbsolutePath().toString();
    }

    /**
     * Launches an embedded driver in {@code aeronDirectory}.
     *
     * @param aeronDirectory the directory (created; deleted again when the driver closes).
     * @return the running driver; close it to stop it.
     */
    public static MediaDriver launch(final String aeronDirectory)
    {
        final MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .ipcTermBufferLength(8 * 1024 * 1024)
            .publicationTermBufferLength(8 * 1024 * 1024)
            .spiesSimulateConnection(false);
        new File(aeronDirectory).getParentFile().mkdirs();
        return MediaDriver.launch(context);
    }
}

package io.wsnova.engine.telemetry;

import org.agrona.IoUtil;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of the counters file, a memory-mapped file that another process (e.g. {@code ./nova stat}) reads
 * while this one writes it: a header, then the metadata and values buffers of an Agrona
 * {@link org.agrona.concurrent.status.CountersManager}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Magic "WSNOVACT" (8 bytes)                 |
 *  +-------------------------------+-------------------------------+
 *  |   Version (written last)      |       Metadata length         |
 *  +-------------------------------+-------------------------------+
 *  |        Values length          |           Reserved            |
 *  +-------------------------------+-------------------------------+
 *  |                        Process id (long)                      |
 *  +---------------------------------------------------------------+
 *  |               Start time, ms since the epoch (long)           |
 *  +---------------------------------------------------------------+
 *  |                 Reserved up to HEADER_LENGTH                 ...
 *  +---------------------------------------------------------------+
 *  |        Metadata buffer: METADATA_LENGTH bytes per counter    ...
 *  +---------------------------------------------------------------+
 *  |          Values buffer: COUNTER_LENGTH bytes per counter     ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Integers are in the platform's byte order (the reader runs on the same machine). The version is written last
 * with release semantics: a reader that sees it sees the rest of the header. Counter records follow Agrona's
 * {@link CountersReader} layout: type id ({@link Counter#typeId()}), key (the connection id as a long, 0 for the
 * totals) and label.
 * <p>
 * Where it lives: {@code <dir>/counters.dat}, by default {@code <root>/wsnova-<pid>/} where root is
 * {@code $TMPDIR}, else {@code java.io.tmpdir}. Created on demand, deleted when closed.
 */
public final class CountersFile implements AutoCloseable
{
    /** File name inside the directory. */
    public static final String FILE_NAME = "counters.dat";
    /** Prefix of the default per-process directory. */
    public static final String DIRECTORY_PREFIX = "wsnova-";
    /** "WSNOVACT" as a little-endian long. */
    public static final long MAGIC = 0x544341564F4E5357L;
    /** Layout version. */
    public static final int VERSION = 1;
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the metadata buffer's length. */
    public static final int METADATA_LENGTH_OFFSET = 12;
    /** Offset of the values buffer's length. */
    public static final int VALUES_LENGTH_OFFSET = 16;
    /** Offset of the writer's process id. */
    public static final int PID_OFFSET = 24;
    /** Offset of the writer's start time. */
    public static final int START_TIME_MS_OFFSET = 32;
    /** Length of the header; the metadata buffer starts here. */
    public static final int HEADER_LENGTH = 128;

    private final Path file;
    private final UnsafeBuffer metaDataBuffer;
    private final UnsafeBuffer valuesBuffer;
    private boolean closed;

    private CountersFile(final Path file, final MappedByteBuffer mapped, final int counters, final long startTimeMs)
    {
        this.file = file;
        final int metaDataLength = counters * CountersReader.METADATA_LENGTH;
        final int valuesLength = counters * CountersReader.COUNTER_LENGTH;
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        this.metaDataBuffer = new UnsafeBuffer(mapped, HEADER_LENGTH, metaDataLength);
        this.valuesBuffer = new UnsafeBuffer(mapped, HEADER_LENGTH + metaDataLength, valuesLength);
        header.putLong(MAGIC_OFFSET, MAGIC);
        header.putInt(METADATA_LENGTH_OFFSET, metaDataLength);
        header.putInt(VALUES_LENGTH_OFFSET, valuesLength);
        header.putLong(PID_OFFSET, ProcessHandle.current().pid());
        header.putLong(START_TIME_MS_OFFSET, startTimeMs);
        header.putIntRelease(VERSION_OFFSET, VERSION);
    }

    /**
     * The default root of per-process directories: {@code $TMPDIR}, else {@code java.io.tmpdir}.
     *
     * @return the root.
     */
    public static Path defaultRoot()
    {
        final String tmpdir = System.getenv("TMPDIR");
        return Path.of(tmpdir != null && !tmpdir.isBlank() ? tmpdir : System.getProperty("java.io.tmpdir"));
    }

    /**
     * The default directory of a process's counters file.
     *
     * @param pid the process id.
     * @return {@code <root>/wsnova-<pid>}.
     */
    public static Path defaultDirectory(final long pid)
    {
        return defaultRoot().resolve(DIRECTORY_PREFIX + pid);
    }

    /**
     * Creates (or replaces) the counters file in a directory and maps it. Control plane.
     *
     * @param directory where; created if missing.
     * @param counters  how many counters it can hold.
     * @return the mapped file, header written.
     * @throws IOException when the directory or file cannot be created.
     */
    static CountersFile create(final Path directory, final int counters) throws IOException
    {
        return create(directory, counters, SystemEpochClock.INSTANCE);
    }

    /**
     * Creates (replacing) the counters file in {@code directory}, stamped with the start time of {@code clock}.
     *
     * @param directory where.
     * @param counters  how many counters it holds.
     * @param clock     the runtime's wall clock.
     * @return the mapped file.
     * @throws IOException when the directory or file cannot be created.
     */
    static CountersFile create(final Path directory, final int counters, final EpochClock clock) throws IOException
    {
        Files.createDirectories(directory);
        final Path file = directory.resolve(FILE_NAME);
        final File asFile = file.toFile();
        IoUtil.deleteIfExists(asFile);
        final long length = HEADER_LENGTH + (long)counters * (CountersReader.METADATA_LENGTH +
            CountersReader.COUNTER_LENGTH);
        return new CountersFile(file, IoUtil.mapNewFile(asFile, length), counters, clock.time());
    }

    /**
     * The file.
     *
     * @return its path.
     */
    public Path file()
    {
        return file;
    }

    UnsafeBuffer metaDataBuffer()
    {
        return metaDataBuffer;
    }

    UnsafeBuffer valuesBuffer()
    {
        return valuesBuffer;
    }

    /**
     * Deletes the file, and its directory when that is left empty. Idempotent. The mapping is not unmapped here:
     * the garbage collector releases it once no counter refers to it, so a thread that still bumps a counter of a
     * connection that just ended never writes to unmapped memory.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        IoUtil.deleteIfExists(file.toFile());
        try
        {
            Files.deleteIfExists(file.getParent());
        }
        catch (final IOException ignore)
        {
            // not empty, or already gone: the directory is not ours to clear
        }
    }
}

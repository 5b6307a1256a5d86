package io.wsnova.engine.telemetry;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link CountersFile} written by another process (or this one): the header, and every allocated
 * counter's type, connection, label and value. What {@code ./nova stat} uses. Not thread-safe; values are read
 * with acquire semantics while the writer keeps counting.
 */
public final class CountersFileReader implements AutoCloseable
{
    /**
     * Receives one counter.
     */
    @FunctionalInterface
    public interface CounterVisitor
    {
        /**
         * One allocated counter.
         *
         * @param counterId    its slot.
         * @param counter      what it counts, or null for a type this reader does not know.
         * @param connectionId the connection it belongs to, 0 for the process's totals.
         * @param label        its label, e.g. {@code "conn 3: messages received"}.
         * @param value        its current value.
         */
        void accept(int counterId, Counter counter, long connectionId, String label, long value);
    }

    private final Path file;
    private final MappedByteBuffer mapped;
    private final long pid;
    private final long startTimeMs;
    private final CountersReader reader;

    private CountersFileReader(final Path file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, CountersFile.HEADER_LENGTH);
        final int version = header.getIntAcquire(CountersFile.VERSION_OFFSET);
        if (header.getLong(CountersFile.MAGIC_OFFSET) != CountersFile.MAGIC)
        {
            throw new IllegalArgumentException(file + " is not a wsnova counters file");
        }
        if (version != CountersFile.VERSION)
        {
            throw new IllegalArgumentException(file + ": counters file version " + version + ", this reader reads " +
                CountersFile.VERSION);
        }
        final int metaDataLength = header.getInt(CountersFile.METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(CountersFile.VALUES_LENGTH_OFFSET);
        if (metaDataLength < 0 || valuesLength < 0 ||
            (long)CountersFile.HEADER_LENGTH + metaDataLength + valuesLength > mapped.capacity())
        {
            throw new IllegalArgumentException(file + ": buffer lengths do not fit the file");
        }
        this.pid = header.getLong(CountersFile.PID_OFFSET);
        this.startTimeMs = header.getLong(CountersFile.START_TIME_MS_OFFSET);
        this.reader = new CountersReader(
            new UnsafeBuffer(mapped, CountersFile.HEADER_LENGTH, metaDataLength),
            new UnsafeBuffer(mapped, CountersFile.HEADER_LENGTH + metaDataLength, valuesLength));
    }

    /**
     * Maps a counters file.
     *
     * @param file the file.
     * @return the reader.
     * @throws IOException              when the file cannot be read.
     * @throws IllegalArgumentException when it is not a counters file this reader understands.
     */
    public static CountersFileReader open(final Path file) throws IOException
    {
        if (!Files.isRegularFile(file))
        {
            throw new NoSuchFileException(file.toString());
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file.toFile(), FileChannel.MapMode.READ_ONLY,
            "wsnova counters");
        try
        {
            return new CountersFileReader(file, mapped);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
    }

    /**
     * Finds the counters file to read.
     *
     * @param pidOrPath a process id (its default directory), a directory holding {@code counters.dat}, the file
     *                  itself, or null for the only running process that has one (the newest when several do).
     * @return the file.
     * @throws NoSuchFileException with a message saying what was looked for, when there is none.
     */
    public static Path locate(final String pidOrPath) throws NoSuchFileException
    {
        if (pidOrPath == null)
        {
            final List<Path> running = running(CountersFile.defaultRoot());
            if (running.isEmpty())
            {
                throw new NoSuchFileException(CountersFile.defaultRoot().resolve(CountersFile.DIRECTORY_PREFIX +
                    "*").resolve(CountersFile.FILE_NAME).toString(), null,
                    "no running wsnova process publishes counters (start it with the countersFile option)");
            }
            return running.get(0);
        }
        if (pidOrPath.chars().allMatch(Character::isDigit) && !pidOrPath.isEmpty())
        {
            final Path file = CountersFile.defaultDirectory(Long.parseLong(pidOrPath)).resolve(CountersFile.FILE_NAME);
            if (!Files.isRegularFile(file))
            {
                throw new NoSuchFileException(file.toString(), null,
                    "process " + pidOrPath + " publishes no counters there");
            }
            return file;
        }
        final Path path = Path.of(pidOrPath);
        final Path file = Files.isDirectory(path) ? path.resolve(CountersFile.FILE_NAME) : path;
        if (!Files.isRegularFile(file))
        {
            throw new NoSuchFileException(file.toString(), null, "no counters file");
        }
        return file;
    }

    /**
     * The counters files of running processes under a root, newest first.
     *
     * @param root where the per-process directories are.
     * @return the files; empty when there are none.
     */
    public static List<Path> running(final Path root)
    {
        final List<Path> files = new ArrayList<>();
        final List<Long> starts = new ArrayList<>();
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(root, CountersFile.DIRECTORY_PREFIX + "*"))
        {
            for (final Path directory : directories)
            {
                final Path file = directory.resolve(CountersFile.FILE_NAME);
                if (!Files.isRegularFile(file))
                {
                    continue;
                }
                try (CountersFileReader reader = open(file))
                {
                    if (reader.isProcessAlive())
                    {
                        int index = 0;
                        while (index < starts.size() && starts.get(index) >= reader.startTimeMs())
                        {
                            index++;
                        }
                        files.add(index, file);
                        starts.add(index, reader.startTimeMs());
                    }
                }
                catch (final IOException | RuntimeException ignore)
                {
                    // not readable, half-written or someone else's file: not a candidate
                }
            }
        }
        catch (final IOException ignore)
        {
            // no root: no candidates
        }
        return files;
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

    /**
     * The writer's process id.
     *
     * @return the pid.
     */
    public long pid()
    {
        return pid;
    }

    /**
     * When the writer created the file.
     *
     * @return ms since the epoch.
     */
    public long startTimeMs()
    {
        return startTimeMs;
    }

    /**
     * Whether the writer is still running and the file still exists (the writer deletes it when it closes).
     *
     * @return true while the counters are live.
     */
    public boolean isProcessAlive()
    {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && Files.exists(file);
    }

    /**
     * Visits every allocated counter, in slot order.
     *
     * @param visitor receives each.
     */
    public void forEach(final CounterVisitor visitor)
    {
        final CountersReader reader = this.reader;
        reader.forEach((counterId, typeId, keyBuffer, label) -> visitor.accept(counterId, Counter.ofTypeId(typeId),
            keyBuffer.getLong(0), label, reader.getCounterValue(counterId)));
    }

    /**
     * One counter's value.
     *
     * @param counterId the slot.
     * @return the value.
     */
    public long value(final int counterId)
    {
        return reader.getCounterValue(counterId);
    }

    /**
     * Unmaps the file.
     */
    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}

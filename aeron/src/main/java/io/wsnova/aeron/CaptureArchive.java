package io.wsnova.aeron;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.ArchivingMediaDriver;
import io.aeron.archive.client.AeronArchive;
import io.aeron.archive.codecs.SourceLocation;
import io.aeron.archive.status.RecordingPos;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Aeron Archive for {@code ./nova record} and {@code ./nova replay}: connects to the archive of a running media
 * driver, or embeds an {@link ArchivingMediaDriver} (media driver and archive in this process, control over IPC)
 * when none runs at the Aeron directory; starts a local recording of a publication, stops it once every record is
 * in, and reads a recording back as {@link CapturedRecord}s.
 * <p>
 * An embedded archive keeps its recordings in {@code archiveDir} across runs (it is never deleted on start), so a
 * later {@code replay} with the same directory finds them. Not thread-safe: one owner thread.
 */
public final class CaptureArchive implements AutoCloseable
{
    /** The default stream id of recordings. */
    public static final int DEFAULT_STREAM_ID = 1602;
    /** The default channel of recorded publications. */
    public static final String DEFAULT_CHANNEL = "aeron:ipc";
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final ArchivingMediaDriver driver;
    private final Aeron aeron;
    private final AeronArchive archive;
    /** The archive's subscription of the recording {@link #startRecording} started, or 0. */
    private long recordingSubscriptionId;

    private CaptureArchive(final ArchivingMediaDriver driver, final Aeron aeron, final AeronArchive archive)
    {
        this.driver = driver;
        this.aeron = aeron;
        this.archive = archive;
    }

    /**
     * Opens the archive: embeds an archiving media driver at {@code aeronDir} over {@code archiveDir} when no
     * driver runs there, else connects to the archive of the running one (its control channel must be the local
     * IPC one, the default).
     *
     * @param aeronDir   the media driver's directory.
     * @param archiveDir the archive's directory (for an embedded archive).
     * @return the open archive.
     */
    public static CaptureArchive open(final String aeronDir, final String archiveDir)
    {
        final boolean embed = !CommonContext.isDriverActive(new File(aeronDir), 2_000, ignore -> { });
        ArchivingMediaDriver driver = null;
        Aeron aeron = null;
        try
        {
            if (embed)
            {
                new File(aeronDir).getAbsoluteFile().getParentFile().mkdirs();
                final MediaDriver.Context driverContext = new MediaDriver.Context()
                    .aeronDirectoryName(aeronDir)
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(new BackoffIdleStrategy())
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .termBufferSparseFile(true)
                    .ipcTermBufferLength(8 * 1024 * 1024)
                    .spiesSimulateConnection(true);
                final Archive.Context archiveContext = new Archive.Context()
                    .aeronDirectoryName(aeronDir)
                    .archiveDirectoryName(archiveDir)
                    .deleteArchiveOnStart(false)
                    .controlChannelEnabled(false)
                    .archiveClientContext(new AeronArchive.Context().controlResponseChannel("aeron:ipc"))
                    .replicationChannel("aeron:udp?endpoint=localhost:0")
                    .threadingMode(ArchiveThreadingMode.SHARED)
                    .recordingEventsEnabled(false)
                    .archiveId(1602);
                driver = ArchivingMediaDriver.launch(driverContext, archiveContext);
            }
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir).driverTimeoutMs(5_000));
            final AeronArchive archive = AeronArchive.connect(new AeronArchive.Context()
                .aeron(aeron)
                .ownsAeronClient(false)
                .controlRequestChannel("aeron:ipc")
                .controlResponseChannel("aeron:ipc"));
            return new CaptureArchive(driver, aeron, archive);
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietCloseAll(aeron, driver);
            throw ex;
        }
    }

    /**
     * The client of the archive's media driver.
     *
     * @return the client.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * Whether this process embeds the media driver and archive.
     *
     * @return true when embedded.
     */
    public boolean embedded()
    {
        return driver != null;
    }

    /**
     * Starts a local recording of {@code channel}/{@code streamId} and adds the publication it records; one
     * recording per instance.
     *
     * @param channel  the channel (IPC by default).
     * @param streamId the stream id.
     * @return the publication; {@link #recordingId(Publication)} names its recording.
     */
    public Publication startRecording(final String channel, final int streamId)
    {
        recordingSubscriptionId = archive.startRecording(channel, streamId, SourceLocation.LOCAL);
        return aeron.addPublication(channel, streamId);
    }

    /**
     * The recording of a publication started by {@link #startRecording}, once the archive has begun it.
     *
     * @param publication the publication.
     * @return the recording id.
     * @throws IllegalStateException when the archive has not begun it within 10 s.
     */
    public long recordingId(final Publication publication)
    {
        final CountersReader counters = aeron.countersReader();
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        final IdleStrategy idle = new BackoffIdleStrategy();
        int counterId;
        while ((counterId = RecordingPos.findCounterIdBySession(counters, publication.sessionId(),
            archive.archiveId())) == CountersReader.NULL_COUNTER_ID)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("the archive did not start recording within 10 s");
            }
            idle.idle();
        }
        return RecordingPos.getRecordingId(counters, counterId);
    }

    /**
     * Waits until the archive holds everything offered on the publication, then stops its recording and closes it.
     *
     * @param publication the recorded publication.
     * @param recordingId its recording.
     * @return the recording's length in bytes.
     */
    public long finishRecording(final Publication publication, final long recordingId)
    {
        final CountersReader counters = aeron.countersReader();
        final int counterId = RecordingPos.findCounterIdByRecording(counters, recordingId, archive.archiveId());
        final long position = publication.position();
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        final IdleStrategy idle = new BackoffIdleStrategy();
        while (counterId != CountersReader.NULL_COUNTER_ID && counters.getCounterValue(counterId) < position &&
            System.nanoTime() - deadlineNs < 0)
        {
            idle.idle();
        }
        archive.stopRecording(recordingSubscriptionId);
        publication.close();
        return position;
    }

    /**
     * Reads a whole recording.
     *
     * @param recordingId the recording.
     * @return its records in order, or null when the archive has no such recording (or it is empty).
     */
    public List<CapturedRecord> load(final long recordingId)
    {
        final long[] bounds = {-1, -1, -1};
        final int found = archive.listRecording(recordingId,
            (controlSessionId, correlationId, id, startTimestamp, stopTimestamp, startPosition, stopPosition,
                initialTermId, segmentFileLength, termBufferLength, mtuLength, sessionId, streamId, strippedChannel,
                originalChannel, sourceIdentity) ->
            {
                bounds[0] = startPosition;
                bounds[1] = stopPosition;
                bounds[2] = streamId;
            });
        if (found == 0 || bounds[1] <= bounds[0])
        {
            return null;
        }
        final long length = bounds[1] - bounds[0];
        final List<CapturedRecord> records = new ArrayList<>();
        final FragmentAssembler assembler = new FragmentAssembler(
            (buffer, offset, fragmentLength, header) -> records.add(CapturedRecord.of(buffer, offset, fragmentLength)));
        final int replayStreamId = (int)bounds[2] + 1_000;
        try (Subscription subscription = archive.replay(recordingId, bounds[0], length, "aeron:ipc", replayStreamId))
        {
            final IdleStrategy idle = new BackoffIdleStrategy();
            final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
            while (subscription.imageCount() == 0)
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("the archive did not start the replay within 10 s");
                }
                idle.idle();
            }
            final io.aeron.Image image = subscription.imageAtIndex(0);
            long lastProgressNs = System.nanoTime();
            while (image.position() < bounds[1])
            {
                final int fragments = image.poll(assembler, 256);
                if (fragments > 0)
                {
                    lastProgressNs = System.nanoTime();
                }
                else if (image.isClosed() || System.nanoTime() - lastProgressNs > TIMEOUT_NS)
                {
                    break;
                }
                idle.idle(fragments);
            }
        }
        return records;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(archive, aeron, driver);
    }

    /**
     * One record of a capture, copied out of the recording.
     *
     * @param type         the {@link CaptureDescriptor} type.
     * @param connectionId the connection.
     * @param epochNs      wall-clock time.
     * @param monotonicNs  monotonic time.
     * @param aux          the type's auxiliary value.
     * @param payload      the payload bytes.
     */
    public record CapturedRecord(int type, long connectionId, long epochNs, long monotonicNs, long aux,
        byte[] payload)
    {
        static CapturedRecord of(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] payload = new byte[length - CaptureDescriptor.HEADER_LENGTH];
            buffer.getBytes(offset + CaptureDescriptor.HEADER_LENGTH, payload);
            return new CapturedRecord(CaptureDescriptor.type(buffer, offset),
                CaptureDescriptor.longField(buffer, offset, CaptureDescriptor.CONNECTION_ID_OFFSET),
                CaptureDescriptor.longField(buffer, offset, CaptureDescriptor.EPOCH_NS_OFFSET),
                CaptureDescriptor.longField(buffer, offset, CaptureDescriptor.MONOTONIC_NS_OFFSET),
                CaptureDescriptor.longField(buffer, offset, CaptureDescriptor.AUX_OFFSET), payload);
        }
    }
}

package io.wsnova.aeron;

import io.aeron.Publication;
import io.wsnova.aeron.CaptureArchive.CapturedRecord;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.InboundTap;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.testkit.Allocation;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.TestServer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's {@code InboundTap} with an {@link InboundRecorder} on a real connection to a loopback server, recorded
 * through an embedded Aeron Archive and read back: binary messages (0, 125, 126 and 65,536 bytes) and a text message
 * fragmented in three frames arrive in the recording whole, byte for byte, in order, between the WebSocket's open and
 * close, with epoch and monotonic receive times; the recorder's tap path allocates nothing per message.
 */
@Timeout(60)
class CaptureRecordingTest
{
    private static final int[] BINARY_LENGTHS = {0, 125, 126, 65_536};
    private static final int LONG_RUN_MAX_MESSAGES = 400_000;
    private static final long LONG_RUN_WARM_UP_NS = TimeUnit.SECONDS.toNanos(3);
    private static final long LONG_RUN_WINDOW_NS = TimeUnit.SECONDS.toNanos(2);
    private static final int LONG_RUN_WINDOWS = 3;

    @TempDir
    Path dir;

    @Test
    void shouldRecordBinaryAndFragmentedMessagesWholeWithTheirReceiveTimes() throws Exception
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("CaptureRecordingTest seed " + seed + " (-Dwsnova.seed=" + seed + " to repeat)");
        final SplittableRandom random = new SplittableRandom(seed);
        final List<byte[]> binaries = new ArrayList<>();
        for (final int length : BINARY_LENGTHS)
        {
            final byte[] payload = new byte[length];
            random.nextBytes(payload);
            binaries.add(payload);
        }
        final String text = "{\"fragmented\":\"" + "x".repeat(300) + "\"}";
        final TestServer server = TestServer.builder().script(connection ->
        {
            connection.upgrade();
            for (final byte[] payload : binaries)
            {
                connection.sendBinary(payload);
            }
            connection.sendFragmented(text, 3);
            connection.sendClose(1000, "done");
            connection.awaitEof(5_000);
        }).start();
        final long startEpochNs = System.currentTimeMillis() * 1_000_000L;
        final List<CapturedRecord> records;
        try (CaptureArchive archive = CaptureArchive.open(dir.resolve("md").toString(),
            dir.resolve("archive").toString());
            RecorderCounters counters = RecorderCounters.allocate(archive.aeron(), "test"))
        {
            final Publication publication = archive.startRecording(CaptureArchive.DEFAULT_CHANNEL,
                CaptureArchive.DEFAULT_STREAM_ID);
            final long recordingId = archive.recordingId(publication);
            final InboundRecorder recorder = new InboundRecorder(publication, counters, 7);
            final Connection connection = Nova.connect(new Adapter()
            {
            }, NovaOptions.builder().url("ws://127.0.0.1:" + server.port() + "/").retryAttempts(0)
                .set(Option.INBOUND_TAP, recorder).build()).get(10, TimeUnit.SECONDS);
            assertThat(Await.within(() -> counters.messages().get() == BINARY_LENGTHS.length + 1, 10_000))
                .as("messages recorded").isTrue();
            connection.closeFuture().get(10, TimeUnit.SECONDS);
            archive.finishRecording(publication, recordingId);
            assertThat(counters.archiveErrors().get()).isZero();
            records = archive.load(recordingId);
        }
        finally
        {
            server.close();
        }

        assertThat(records).isNotNull();
        assertThat(records.get(0).type()).isEqualTo(CaptureDescriptor.OPEN);
        final List<CapturedRecord> messages = records.stream().filter(r -> r.type() == CaptureDescriptor.BINARY ||
            r.type() == CaptureDescriptor.TEXT).toList();
        assertThat(messages).hasSize(binaries.size() + 1);
        long previousNs = records.get(0).monotonicNs();
        for (int i = 0; i < binaries.size(); i++)
        {
            final CapturedRecord message = messages.get(i);
            assertThat(message.type()).isEqualTo(CaptureDescriptor.BINARY);
            assertThat(message.payload()).as("binary message %s", i).isEqualTo(binaries.get(i));
            assertThat(message.connectionId()).isEqualTo(7);
            assertThat(message.monotonicNs()).isGreaterThanOrEqualTo(previousNs);
            assertThat(message.epochNs()).isGreaterThanOrEqualTo(startEpochNs - 1_000_000_000L);
            previousNs = message.monotonicNs();
        }
        final CapturedRecord fragmented = messages.get(binaries.size());
        assertThat(fragmented.type()).isEqualTo(CaptureDescriptor.TEXT);
        assertThat(new String(fragmented.payload(), StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(records.get(records.size() - 1).type()).isEqualTo(CaptureDescriptor.CLOSE);
    }

    @Test
    void shouldAllocateNothingPerRecordedMessage()
    {
        try (CaptureArchive archive = CaptureArchive.open(dir.resolve("md").toString(),
            dir.resolve("archive").toString());
            RecorderCounters counters = RecorderCounters.allocate(archive.aeron(), "allocation"))
        {
            final Publication publication = archive.startRecording(CaptureArchive.DEFAULT_CHANNEL,
                CaptureArchive.DEFAULT_STREAM_ID);
            final long recordingId = archive.recordingId(publication);
            final InboundRecorder recorder = new InboundRecorder(publication, counters, 1);
            final UnsafeBuffer ticker = new UnsafeBuffer(ByteBuffer.allocateDirect(600));
            ticker.setMemory(0, 600, (byte)'x');
            final int messages = 5_000;
            final long[] offered = new long[1];

            final Allocation.Result result = Allocation.measure(messages, () ->
            {
                recorder.onMessage(1, ticker, 0, 600, 1L, 2L, 3L);
                offered[0]++;
            });

            assertThat(result.bytes()).as("bytes allocated over %s recorded messages after warm-up", messages)
                .isZero();
            // A burst of 3 MB a round may outrun the archive on a loaded machine: a record back pressured for
            // longer than the recorder's bound is dropped and counted (its policy), never lost silently.
            assertThat(counters.messages().get() + counters.archiveErrors().get()).as("recorded or counted")
                .isEqualTo(offered[0]);
            archive.finishRecording(publication, recordingId);
        }
    }
    /**
     * The 5,000-message rounds above call the recorder with fixed times and last a few milliseconds: an allocation
     * the clocks make once per second (or per millisecond) would rarely fall in one, and a round that allocated is
     * measured again. Here a real connection runs for seconds with the engine's own clocks ({@code TapSink} reads
     * the system epoch clock per message, the recorder the millisecond clock per send), and the reader thread, which
     * (a platform thread: SPIN) handles each message, records it and every 64th sends a request through the
     * connection (recorded too), is
     * measured over windows of at least {@link #LONG_RUN_WINDOW_NS} (several second and many millisecond
     * boundaries each): a per-second or per-millisecond allocation shows in every window. Bounded: at most
     * {@link #LONG_RUN_MAX_MESSAGES} messages or 20 s.
     */
    @Test
    void shouldAllocateNothingOnTheReaderOverALongRunWithTheRealClocksSendsIncluded() throws Exception
    {
        final AtomicBoolean stop = new AtomicBoolean();
        final TestServer server = TestServer.builder().script(connection ->
        {
            connection.upgrade();
            final Thread drain = Thread.ofVirtual().start(() ->
            {
                try
                {
                    while (!stop.get())
                    {
                        connection.readFrame();
                    }
                }
                catch (final java.io.IOException ex)
                {
                    // the client went away
                }
            });
            final String text = "{\"channel\":\"ticker\",\"data\":{\"price\":\"" + "9".repeat(200) + "\"}}";
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (int i = 0; i < LONG_RUN_MAX_MESSAGES && !stop.get() && System.nanoTime() - deadlineNs < 0; i++)
            {
                connection.sendText(text);
                if (i % 20 == 19)
                {
                    Thread.sleep(1);
                }
            }
            stop.set(true);
            connection.sendClose(1000, "done");
            connection.awaitEof(5_000);
            drain.join(5_000);
        }).start();
        final LongRunTap tap;
        final long archiveErrors;
        try (CaptureArchive archive = CaptureArchive.open(dir.resolve("md").toString(),
            dir.resolve("archive").toString());
            RecorderCounters counters = RecorderCounters.allocate(archive.aeron(), "long-run"))
        {
            final Publication publication = archive.startRecording(CaptureArchive.DEFAULT_CHANNEL,
                CaptureArchive.DEFAULT_STREAM_ID);
            final long recordingId = archive.recordingId(publication);
            tap = new LongRunTap(new InboundRecorder(publication, counters, 9), stop);
            final Connection connection = Nova.connect(new Adapter()
            {
            }, NovaOptions.builder().url("ws://127.0.0.1:" + server.port() + "/").retryAttempts(0)
                .ioMode(IoMode.SPIN).keepalive(0, 0).set(Option.INBOUND_TAP, tap).build())
                .get(10, TimeUnit.SECONDS);
            tap.connection = connection;
            connection.closeFuture().get(60, TimeUnit.SECONDS);
            archive.finishRecording(publication, recordingId);
            archiveErrors = counters.archiveErrors().get();
        }
        finally
        {
            stop.set(true);
            server.close();
        }

        final String windows = tap.windows.stream().map(w -> w[0] + " B over " + w[1] + " messages in " + w[2] +
            " ms").toList().toString();
        System.out.println("CaptureRecordingTest long run: " + tap.messages + " messages, " + tap.sends +
            " sends, " + archiveErrors + " archive errors, reader windows " + windows);
        assertThat(tap.windows).as("measured windows (the run ended early)").isNotEmpty();
        assertThat(tap.windows.get(tap.windows.size() - 1)[0])
            .as("bytes allocated by the reader over a window of >= 2 s: %s", windows).isZero();
    }

    @Test
    void shouldRecordWhatTheClientSendsByteForByteAllocatingNothingPerSend()
    {
        final List<CapturedRecord> records;
        final String text = "{\"id\":1,\"method\":\"caf\u00e9 \u20ac \ud83d\ude00\"}";
        final byte[] binary = {0, 1, 2, (byte)0xFF};
        final int sends = 2_000;
        try (CaptureArchive archive = CaptureArchive.open(dir.resolve("md").toString(),
            dir.resolve("archive").toString());
            RecorderCounters counters = RecorderCounters.allocate(archive.aeron(), "sent"))
        {
            final Publication publication = archive.startRecording(CaptureArchive.DEFAULT_CHANNEL,
                CaptureArchive.DEFAULT_STREAM_ID);
            final long recordingId = archive.recordingId(publication);
            final InboundRecorder recorder = new InboundRecorder(publication, counters, 3);
            final StringBuilder request = new StringBuilder(text);
            final UnsafeBuffer bytes = new UnsafeBuffer(binary);

            final Allocation.Result result = Allocation.measure(sends, () ->
            {
                recorder.onSendText(request);
                recorder.onSend(2, bytes, 0, binary.length);
            });

            assertThat(result.bytes()).as("bytes allocated over %s recorded sends after warm-up", sends).isZero();
            assertThat(counters.archiveErrors().get()).as("archive errors").isZero();
            archive.finishRecording(publication, recordingId);
            records = archive.load(recordingId);
        }

        final List<CapturedRecord> sent = records.stream().filter(r -> r.type() == CaptureDescriptor.SENT).toList();
        assertThat(sent).hasSizeGreaterThanOrEqualTo(2 * sends);
        for (int i = 0; i < sent.size(); i += 2)
        {
            assertThat(sent.get(i).aux()).isEqualTo(1);
            assertThat(sent.get(i).connectionId()).isEqualTo(3);
            assertThat(sent.get(i).payload()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
            assertThat(sent.get(i + 1).aux()).isEqualTo(2);
            assertThat(sent.get(i + 1).payload()).isEqualTo(binary);
        }
    }

    /**
     * The recorder as the tap, measuring the reader thread's allocation over windows after a warm-up, and sending a
     * request every 64th message from the reader thread (the send path, recorded through the same tap).
     */
    private static final class LongRunTap implements InboundTap
    {
        private final InboundRecorder recorder;
        private final AtomicBoolean stop;
        private final StringBuilder request =
            new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"public/test\"}");
        private final List<long[]> windows = new ArrayList<>();
        private volatile Connection connection;
        private long startNs;
        private long windowStartNs;
        private long windowStartBytes;
        private long windowStartMessages;
        private volatile long messages;
        private volatile long sends;

        LongRunTap(final InboundRecorder recorder, final AtomicBoolean stop)
        {
            this.recorder = recorder;
            this.stop = stop;
        }

        @Override
        public void onOpen(final long epochNs, final long monotonicNs)
        {
            recorder.onOpen(epochNs, monotonicNs);
        }

        @Override
        public void onMessage(final int type, final DirectBuffer buffer, final int offset, final int length,
            final long epochNs, final long monotonicNs, final long framesSent)
        {
            recorder.onMessage(type, buffer, offset, length, epochNs, monotonicNs, framesSent);
            final long count = messages + 1;
            messages = count;
            final Connection connection = this.connection;
            if ((count & 63) == 0 && connection != null)
            {
                connection.sendText(request);
                sends = sends + 1;
            }
            measure(System.nanoTime(), count);
        }

        private void measure(final long nowNs, final long count)
        {
            if (startNs == 0)
            {
                startNs = nowNs;
                return;
            }
            if (windowStartNs == 0)
            {
                if (nowNs - startNs >= LONG_RUN_WARM_UP_NS)
                {
                    windowStartNs = nowNs;
                    windowStartMessages = count;
                    windowStartBytes = Allocation.currentThreadBytes();
                }
                return;
            }
            if (nowNs - windowStartNs >= LONG_RUN_WINDOW_NS && !stop.get())
            {
                final long bytes = Allocation.currentThreadBytes() - windowStartBytes;
                windows.add(new long[] {bytes, count - windowStartMessages, (nowNs - windowStartNs) / 1_000_000});
                if (bytes == 0 || windows.size() == LONG_RUN_WINDOWS)
                {
                    stop.set(true);
                }
                windowStartNs = System.nanoTime();
                windowStartMessages = count;
                windowStartBytes = Allocation.currentThreadBytes();
            }
        }

        @Override
        public void onClose(final long epochNs, final long monotonicNs)
        {
            recorder.onClose(epochNs, monotonicNs);
        }

        @Override
        public void onSend(final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            recorder.onSend(type, buffer, offset, length);
        }

        @Override
        public void onSendText(final CharSequence text)
        {
            recorder.onSendText(text);
        }
    }
}

package io.wsnova.aeron;

import io.aeron.Publication;
import io.wsnova.aeron.CaptureArchive.CapturedRecord;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.testkit.Allocation;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.TestServer;
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

            final Allocation.Result result = Allocation.measure(messages, () ->
                recorder.onMessage(1, ticker, 0, 600, 1L, 2L, 3L));

            assertThat(result.bytes()).as("bytes allocated over %s recorded messages after warm-up", messages)
                .isZero();
            assertThat(counters.archiveErrors().get()).as("archive errors").isZero();
            archive.finishRecording(publication, recordingId);
        }
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
}

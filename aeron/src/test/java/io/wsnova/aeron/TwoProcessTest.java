package io.wsnova.aeron;

import io.aeron.Publication;
import io.wsnova.market.MarketListener;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.FreePort;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscriber in another JVM (started with ProcessBuilder, bounded in time) receives exactly the events this
 * process publishes, over IPC through the shared driver directory and over UDP unicast on loopback.
 */
class TwoProcessTest
{
    private static final int EVENTS = 2_000;
    private static final int CHILD_TIMEOUT_S = 60;

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void shouldDeliverTheSameEventsToASubscriberInAnotherProcess(final String transport, @TempDir final Path dir)
        throws Exception
    {
        final String channel = "ipc".equals(transport) ? "aeron:ipc" :
            "aeron:udp?endpoint=127.0.0.1:" + FreePort.find();
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("TwoProcessTest " + channel + " seed=" + seed);
        try (AeronTestEnv env = new AeronTestEnv();
            Publication publication = env.aeron.addPublication(channel, MarketRoundTripTest.STREAM_ID);
            PublisherCounters counters = PublisherCounters.allocate(env.aeron, "two-process"))
        {
            final Path output = dir.resolve("received.txt");
            final Process child = startChild(env.directory, channel, output, dir.resolve("child.log"));
            try
            {
                Await.until(() -> publication.isConnected() || !child.isAlive(), 60_000, "child subscribed");
                assertThat(child.isAlive()).as("child alive").isTrue();
                AeronTestEnv.awaitReady(publication);
                final MarketEvents events = new MarketEvents(seed);
                final MarketEvents.Recorder sent = new MarketEvents.Recorder(() -> events.registry);
                final MarketPublisher publisher = MarketPublisher.builder()
                    .publication(publication).registry(events.registry).counters(counters).build();
                final MarketListener both = new MarketRoundTripTest.Tee(sent, publisher);
                for (int i = 0; i < EVENTS; i++)
                {
                    events.emitRandom(both);
                }
                assertThat(child.waitFor(CHILD_TIMEOUT_S + 30, TimeUnit.SECONDS)).as("child exited").isTrue();
                assertThat(child.exitValue()).as("child exit code; log: " + Files.readString(dir.resolve("child.log")))
                    .isZero();
                assertThat(counters.dropped()).isZero();
                assertThat(Files.readAllLines(output)).containsExactlyElementsOf(sent.events);
            }
            finally
            {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Process startChild(final String aeronDir, final String channel, final Path output,
        final Path log) throws Exception
    {
        final String java = ProcessHandle.current().info().command().orElse(
            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        final List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx256m");
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23)
        {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SubscriberProcess.class.getName());
        command.add(aeronDir);
        command.add(channel);
        command.add(Integer.toString(MarketRoundTripTest.STREAM_ID));
        // Every event of the random stream reaches the listener (the generator's books start with a snapshot).
        command.add(Integer.toString(EVENTS));
        command.add(Integer.toString(CHILD_TIMEOUT_S));
        command.add(output.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}

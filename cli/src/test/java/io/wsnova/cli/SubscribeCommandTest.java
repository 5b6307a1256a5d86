package io.wsnova.cli;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.wsnova.aeron.EmbeddedDriver;
import io.wsnova.aeron.MarketPublisher;
import io.wsnova.aeron.PublisherCounters;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.Side;
import io.wsnova.market.Trade;
import io.wsnova.testkit.Await;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova subscribe} prints the events a MarketPublisher sends, as JSON lines, and exits 0 after --count.
 */
@Timeout(60)
class SubscribeCommandTest
{
    @Test
    void shouldPrintPublishedEventsAsJsonLinesAndExitAfterCount() throws Exception
    {
        final String dir = EmbeddedDriver.directory("wsnova-cli-" + UUID.randomUUID(), Path.of("target", "aeron"));
        try (MediaDriver driver = EmbeddedDriver.launch(dir);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Publication publication = aeron.addPublication("aeron:ipc", SubscribeCommand.DEFAULT_STREAM_ID);
            PublisherCounters counters = PublisherCounters.allocate(aeron, "cli-test"))
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.run(
                new String[]{"subscribe", "--aeron-dir", dir, "--count", "2", "--duration", "50"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
            // Connected, and the driver opened the window (until then offers are back pressured).
            Await.until(() -> publication.isConnected() && publication.availableWindow() > 0 || exit.isDone(), 30_000,
                "subscriber connected");

            final InstrumentRegistry registry = new InstrumentRegistry();
            final int venue = registry.venue("binance");
            final int instrument = registry.register(venue, "BTCUSDT", InstrumentSpec.spot(1, 2, 1, 5));
            final MarketPublisher publisher = MarketPublisher.builder().publication(publication).registry(registry)
                .counters(counters).build();
            final Trade trade = new Trade();
            trade.header(venue, instrument, MarketEvent.millisToNanos(1_700_000_000_123L), 1L);
            trade.price().set(6_500_012, 2);
            trade.size().set(15, 3);
            trade.aggressor(Side.BUY);
            trade.tradeId().set(42L);
            publisher.onTrade(trade);
            final FeedStatus status = new FeedStatus().set(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH);
            status.header(venue, instrument, MarketEvent.NO_TIMESTAMP, 2L);
            publisher.onStatus(status);

            assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8)).isZero();
            final String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).contains("\"type\":\"trade\"", "\"exchange\":\"binance\"",
                "\"instrument\":\"BTCUSDT\"", "\"price\":\"65000.12\"", "\"amount\":\"0.015\"",
                "\"direction\":\"buy\"");
            assertThat(lines[1]).contains("\"type\":\"status\"", "\"state\":\"sequence_gap\"");
        }
        finally
        {
            IoUtil.delete(new File(dir), true);
        }
    }

    @Test
    void shouldExitOneWhenNoDriverAnswers()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = Main.run(new String[]{"subscribe", "--aeron-dir", "target/no-driver-" + UUID.randomUUID(),
            "--count", "1"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertThat(exit).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString()).contains("no media driver");
    }
}

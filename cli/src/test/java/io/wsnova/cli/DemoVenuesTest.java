package io.wsnova.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova demo --venues deribit,binance} and {@code --venues bybit,okx,coinbase}: the mocks at once, a block
 * per venue each second, one fault per venue and its recovery, a summary per venue; bounded by {@code --duration}.
 * And its usage errors.
 */
@Timeout(90)
class DemoVenuesTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldRunBothMocksWithAViewPerVenueOneFaultEachAndTheirRecovery()
    {
        final long startNs = System.nanoTime();
        final int exit = run("demo", "--venues", "deribit,binance", "--duration", "5", "--rate", "2000");
        final long elapsedS = (System.nanoTime() - startNs) / 1_000_000_000L;

        final String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8) + printed).isZero();
        assertThat(printed).as(printed).contains("[deribit] mock Deribit exchange on ws://127.0.0.1:",
            "[binance] mock Binance exchange on ws://127.0.0.1:", "BTC-PERPETUAL", "ETHUSDT",
            ">>> [deribit] fault injected: the exchange drops the TCP connection",
            ">>> [binance] fault injected: serverShutdown", "<<< [binance] stale: server_shutdown",
            ">>> [deribit] reconnected", ">>> [binance] reconnected", "4 streams restored",
            ">>> [binance] books resynced", "summary", "6 subscriptions restored in", "books resynced in");
        assertThat(printed).containsPattern("\\[  1s\\] deribit +[\\d,]+ msg/s");
        assertThat(printed).containsPattern("\\[  5s\\] binance +[\\d,]+ msg/s .*p99\\.9 .*\\(n=");
        assertThat(printed).containsPattern("binance +[1-9][\\d,]* messages in");
        assertThat(printed).doesNotContain("not recovered");
        assertThat(elapsedS).as("bounded by --duration plus start and close").isLessThan(60);
    }

    @Test
    void shouldRunBybitOkxAndCoinbaseMocksWithAGapOrBadChecksumEachAndItsResync()
    {
        final long startNs = System.nanoTime();
        final int exit = run("demo", "--venues", "bybit,okx,coinbase", "--duration", "5", "--rate", "2000");
        final long elapsedS = (System.nanoTime() - startNs) / 1_000_000_000L;

        final String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8) + printed).isZero();
        assertThat(printed).as(printed).contains("[bybit] mock Bybit exchange on ws://127.0.0.1:",
            "[okx] mock OKX exchange on ws://127.0.0.1:", "[coinbase] mock Coinbase exchange on ws://127.0.0.1:",
            "BTCUSDT", "BTC-USDT-SWAP", "ETH-USD",
            ">>> [bybit] fault injected: the exchange drops the next BTCUSDT book delta",
            ">>> [okx] fault injected: the exchange sends the next BTC-USDT book update with a wrong checksum",
            ">>> [coinbase] fault injected: the exchange swallows the next 3 messages",
            "<<< [bybit] sequence_gap: sequence_mismatch BTCUSDT (expected ",
            "<<< [okx] sequence_gap: checksum_mismatch BTC-USDT",
            "<<< [coinbase] sequence_gap: sequence_mismatch (expected ",
            ">>> [bybit] book resynced by resubscribing its topic (sequence_mismatch)",
            ">>> [okx] book resynced by resubscribing its channel",
            ">>> [coinbase] books resynced by resubscribing (sequence_mismatch)", "summary",
            "1 book gaps", "1 checksum mismatches");
        for (final String venue : new String[] {"bybit", "okx", "coinbase"})
        {
            assertThat(printed).containsPattern("\\[  5s\\] " + venue + " +[\\d,]+ msg/s .*p99\\.9 .*\\(n=");
            assertThat(printed).containsPattern(venue + " +[1-9][\\d,]* messages in");
            assertThat(printed).containsPattern("\\[  1s\\] " + venue + " ");
        }
        assertThat(printed).containsPattern("fault: books? resynced in [\\d.]+ ms");
        assertThat(printed).doesNotContain("not recovered", ">>> [bybit] reconnected", ">>> [okx] reconnected");
        assertThat(elapsedS).as("bounded by --duration plus start and close").isLessThan(60);
    }

    @Test
    void shouldRejectUnknownVenuesAndUrlWithExitTwo()
    {
        assertThat(run("demo", "--venues", "deribit,kraken")).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("demo", "--venues", "binance,binance")).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("demo", "--venues", "binance", "--url", "wss://x/")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
            "unknown venue 'kraken' in --venues (known: deribit, binance, bybit, okx, coinbase)",
            "--venues lists binance twice",
            "it does not take --url", "usage: ./nova demo");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}

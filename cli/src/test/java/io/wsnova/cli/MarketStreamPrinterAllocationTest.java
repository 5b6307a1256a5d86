package io.wsnova.cli;

import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.OrderBook;
import io.wsnova.market.SequenceRule;
import io.wsnova.market.Side;
import io.wsnova.market.Trade;
import io.wsnova.testkit.Allocation;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova stream}'s printer of market-model events renders and writes a trade, a book of 10 levels a side and
 * a status without allocating after warm-up (the channel of an instrument is resolved once), and prints them in the
 * schema of {@link io.wsnova.market.MarketJson}.
 */
class MarketStreamPrinterAllocationTest
{
    private static final OutputStream DISCARD = new OutputStream()
    {
        @Override
        public void write(final int b)
        {
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length)
        {
        }
    };

    @Test
    void shouldPrintTradesBooksAndStatusesWithoutAllocating()
    {
        final InstrumentRegistry registry = new InstrumentRegistry();
        final int venue = registry.venue("binance");
        final int btc = registry.register(venue, "BTCUSDT", InstrumentSpec.spot(1, 2, 1, 5));
        final MarketStreamPrinter printer = new MarketStreamPrinter(List.of("btcusdt@depth@100ms", "btcusdt@trade"),
            registry, new StreamOutput(new PrintStream(DISCARD, false, StandardCharsets.UTF_8), 0));
        final Trade trade = trade(venue, btc);
        final OrderBook book = new OrderBook(venue, btc);
        final BookUpdate update = new BookUpdate();
        update.header(venue, btc, 1_700_000_000_000_000_000L, 1L);
        update.reset(true).sequences(1, 1, BookUpdate.NO_SEQUENCE);
        for (int level = 1; level <= 12; level++)
        {
            update.addLevel(BookSide.BID, 2_000_000L - level, 2, level * 1_000L, 5);
            update.addLevel(BookSide.ASK, 2_000_000L + level, 2, level * 1_000L, 5);
        }
        book.apply(update, SequenceRule.UNCHECKED);
        final FeedStatus status = new FeedStatus();
        status.header(venue, btc, 1_700_000_000_000_000_000L, 1L);
        status.set(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH).sequences(7, 9);

        final Allocation.Result result = Allocation.measure(10_000, () ->
        {
            printer.onTrade(trade);
            printer.onBook(update, book);
            printer.onStatus(status);
        });

        assertThat(result.bytes()).as(result.toString()).isZero();
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final MarketStreamPrinter capturing = new MarketStreamPrinter(List.of("btcusdt@depth@100ms",
            "btcusdt@trade"), registry, new StreamOutput(new PrintStream(captured, true, StandardCharsets.UTF_8), 0));
        capturing.onTrade(trade);
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"trade\",\"exchange\":" +
            "\"binance\",\"channel\":\"btcusdt@trade\",\"instrument\":\"BTCUSDT\",\"exchange_ts_ms\":1700000000000," +
            "\"trade_id\":\"12345\",\"price\":\"20000.01\",\"amount\":\"0.00100\",\"direction\":\"sell\"}\n");
    }

    private static Trade trade(final int venue, final int instrument)
    {
        final Trade trade = new Trade();
        trade.header(venue, instrument, 1_700_000_000_000_000_000L, 1L);
        trade.tradeId().set(12_345L);
        trade.price().set(2_000_001L, 2);
        trade.size().set(100L, 5);
        trade.aggressor(Side.SELL);
        return trade;
    }
}

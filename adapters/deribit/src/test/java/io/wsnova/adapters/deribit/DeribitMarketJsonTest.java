package io.wsnova.adapters.deribit;

import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.MarketJson;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.Trade;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MarketJson}'s line for a Deribit book, trade and ticker, printed from the normalized events, against what
 * {@code ./nova stream --adapter deribit} prints for the same message today ({@link CliStreamLine}, a copy of the
 * cli's printer). Equal field for field, except where the model has no slot, stated here and in
 * {@code docs/DERIBIT.md}: the book line adds {@code "snapshot"}; the trade line has no {@code trade_seq}; the
 * ticker line has no best bid/ask nor {@code funding_8h} and names {@code current_funding} {@code funding_rate}.
 */
class DeribitMarketJsonTest
{
    private final List<String> cli = new ArrayList<>();
    private final List<String> normalized = new ArrayList<>();
    private final CliStreamLine cliLine = new CliStreamLine();
    private String channel;
    private MarketJson json;

    private final DeribitMarketListener deribit = new DeribitMarketListener()
    {
        @Override
        public void onBook(final DeribitOrderBook book)
        {
            cli.add(cliLine.book(book));
        }

        @Override
        public void onTrade(final DeribitTrade trade)
        {
            cli.add(cliLine.trade(channel, trade));
        }

        @Override
        public void onTicker(final DeribitTicker ticker)
        {
            cli.add(cliLine.ticker(channel, ticker));
        }
    };

    private final MarketListener market = new MarketListener()
    {
        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            normalized.add(json.buffer().getStringWithoutLengthAscii(0, json.book(update, book, channel)));
        }

        @Override
        public void onTrade(final Trade trade)
        {
            normalized.add(json.buffer().getStringWithoutLengthAscii(0, json.trade(trade, channel)));
        }

        @Override
        public void onTicker(final DerivativesTicker ticker)
        {
            normalized.add(json.buffer().getStringWithoutLengthAscii(0, json.ticker(ticker, channel)));
        }
    };

    private final DeribitNormalizedHarness harness = new DeribitNormalizedHarness(deribit, market);

    @Test
    void shouldPrintABookLikeTheStreamCommandPlusTheSnapshotFlag()
    {
        given(DeribitHandlerHarness.BOOK_CHANNEL);
        receive(DeribitHandlerHarness.REFERENCE_SNAPSHOT);
        receive(DeribitHandlerHarness.snapshot(10, "[\"new\",64980.50,10.0],[\"new\",1.5e3,0.000050]",
            "[\"new\",64990,2500],[\"new\",65000.000,1E-2]"));
        receive(DeribitHandlerHarness.change(10, 11, "[\"change\",64980.5,7.25]", "[\"delete\",65000,0]"));

        assertThat(normalized).hasSize(3);
        for (int i = 0; i < cli.size(); i++)
        {
            final String expected = cli.get(i).replaceFirst("(\"change_id\":\\d+)",
                "$1,\"snapshot\":" + (i < 2));
            assertThat(normalized.get(i)).isEqualTo(expected);
        }
        assertThat(normalized.get(1)).contains("[\"64980.50\",\"10.0\"]").contains("[\"65000.000\",\"0.01\"]");
    }

    @Test
    void shouldPrintATradeLikeTheStreamCommandWithoutTradeSeq()
    {
        given("trades.BTC-PERPETUAL.100ms");
        receive(DeribitHandlerHarness.REFERENCE_TRADES);
        receive("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{" +
            "\"channel\":\"trades.ETH-PERPETUAL.raw\",\"data\":[{\"trade_seq\":7,\"trade_id\":\"ETH-2696083\"," +
            "\"timestamp\":1590484512189,\"tick_direction\":0," +
            "\"price\":2.01e3,\"instrument_name\":\"ETH-PERPETUAL\",\"index_price\":2000.5,\"mark_price\":2000," +
            "\"direction\":\"buy\",\"amount\":1.50,\"liquidation\":\"T\"}]}}");

        assertThat(normalized).hasSize(2);
        for (int i = 0; i < cli.size(); i++)
        {
            assertThat(normalized.get(i)).isEqualTo(cli.get(i).replaceFirst(",\"trade_seq\":\\d+", ""));
        }
    }

    @Test
    void shouldPrintTheTickerFieldsTheModelHasLikeTheStreamCommand()
    {
        given("ticker.BTC-PERPETUAL.100ms");
        receive(DeribitMessageDecoderTest.TICKER_NOTIFICATION);

        assertThat(normalized).hasSize(1);
        final String expected = cli.get(0)
            .replaceAll(",\"best_(bid|ask)_(price|amount)\":\"[^\"]*\"", "")
            .replaceAll(",\"funding_8h\":\"[^\"]*\"", "")
            .replace("\"current_funding\"", "\"funding_rate\"");
        assertThat(normalized.get(0)).isEqualTo(expected);
        assertThat(cli.get(0)).contains("\"current_funding\"");
    }

    private void given(final String channel)
    {
        this.channel = channel;
        this.json = new MarketJson(harness.adapter.registry());
    }

    private void receive(final String message)
    {
        harness.receive(message, 1L);
    }
}

package io.wsnova.market;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.Locale;

/**
 * Prints any event of the model as one JSON object (one line of {@code ./nova stream}) into a reusable byte
 * buffer, in the schema the CLI prints for Deribit today: {@code type}, {@code exchange} (the venue's name in the
 * {@link InstrumentRegistry}), {@code channel} (as the caller gives it), {@code instrument} (the venue's symbol),
 * {@code exchange_ts_ms}; then per type:
 * <pre>
 *   trade        trade_id, price, amount, direction ("buy" | "sell" | null when unknown)
 *   book         change_id (the book's last sequence), snapshot, bids, asks: top 10 as [["price","amount"],...]
 *   quote        best_bid_price, best_bid_amount, best_ask_price, best_ask_amount (absent ones left out)
 *   ticker       last_price, mark_price, index_price, open_interest, funding_rate, next_funding_ts_ms
 *   liquidation  price, amount, direction (the liquidation order's side)
 *   status       state (disconnected | sequence_gap | resync_started | resync_done | stale), reason, occurrences,
 *                attempt, expected_sequence and received_sequence when known
 * </pre>
 * Prices and amounts are JSON strings holding the exact decimal as the venue sent it (plain notation for exact
 * values, the venue's own text for inexact ones, see {@code docs/NUMBERS.md}); never through a double. An
 * absent timestamp or instrument is {@code null}.
 * <p>
 * Each print method starts a new line in {@link #buffer()} at offset 0 and returns its length (no newline).
 * One instance per printing thread. Allocation-free after warm-up (the buffer grows to the longest line).
 */
public final class MarketJson
{
    /** Levels printed per book side. */
    public static final int BOOK_LEVELS = 10;

    private static final byte[] TYPE = JsonEncoder.encodeName("type");
    private static final byte[] EXCHANGE = JsonEncoder.encodeName("exchange");
    private static final byte[] CHANNEL = JsonEncoder.encodeName("channel");
    private static final byte[] INSTRUMENT = JsonEncoder.encodeName("instrument");
    private static final byte[] EXCHANGE_TS_MS = JsonEncoder.encodeName("exchange_ts_ms");
    private static final byte[] TRADE = JsonEncoder.encodeName("trade");
    private static final byte[] BOOK = JsonEncoder.encodeName("book");
    private static final byte[] QUOTE = JsonEncoder.encodeName("quote");
    private static final byte[] TICKER = JsonEncoder.encodeName("ticker");
    private static final byte[] LIQUIDATION = JsonEncoder.encodeName("liquidation");
    private static final byte[] STATUS = JsonEncoder.encodeName("status");
    private static final byte[] TRADE_ID = JsonEncoder.encodeName("trade_id");
    private static final byte[] PRICE = JsonEncoder.encodeName("price");
    private static final byte[] AMOUNT = JsonEncoder.encodeName("amount");
    private static final byte[] DIRECTION = JsonEncoder.encodeName("direction");
    private static final byte[] CHANGE_ID = JsonEncoder.encodeName("change_id");
    private static final byte[] SNAPSHOT = JsonEncoder.encodeName("snapshot");
    private static final byte[] BIDS = JsonEncoder.encodeName("bids");
    private static final byte[] ASKS = JsonEncoder.encodeName("asks");
    private static final byte[] BEST_BID_PRICE = JsonEncoder.encodeName("best_bid_price");
    private static final byte[] BEST_BID_AMOUNT = JsonEncoder.encodeName("best_bid_amount");
    private static final byte[] BEST_ASK_PRICE = JsonEncoder.encodeName("best_ask_price");
    private static final byte[] BEST_ASK_AMOUNT = JsonEncoder.encodeName("best_ask_amount");
    private static final byte[] LAST_PRICE = JsonEncoder.encodeName("last_price");
    private static final byte[] MARK_PRICE = JsonEncoder.encodeName("mark_price");
    private static final byte[] INDEX_PRICE = JsonEncoder.encodeName("index_price");
    private static final byte[] OPEN_INTEREST = JsonEncoder.encodeName("open_interest");
    private static final byte[] FUNDING_RATE = JsonEncoder.encodeName("funding_rate");
    private static final byte[] NEXT_FUNDING_TS_MS = JsonEncoder.encodeName("next_funding_ts_ms");
    private static final byte[] STATE = JsonEncoder.encodeName("state");
    private static final byte[] REASON = JsonEncoder.encodeName("reason");
    private static final byte[] OCCURRENCES = JsonEncoder.encodeName("occurrences");
    private static final byte[] ATTEMPT = JsonEncoder.encodeName("attempt");
    private static final byte[] EXPECTED_SEQUENCE = JsonEncoder.encodeName("expected_sequence");
    private static final byte[] RECEIVED_SEQUENCE = JsonEncoder.encodeName("received_sequence");
    private static final byte[] BUY = JsonEncoder.encodeName("buy");
    private static final byte[] SELL = JsonEncoder.encodeName("sell");
    private static final byte[][] STATES = lowerCaseNames(FeedState.values());
    private static final byte[][] REASONS = lowerCaseNames(FeedReason.values());

    private final InstrumentRegistry registry;
    private byte[][] venueNames = new byte[16][];
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final JsonEncoder encoder = new JsonEncoder();
    private final ExpandableArrayBuffer numberBuffer = new ExpandableArrayBuffer(64);
    private final JsonEncoder numberEncoder = new JsonEncoder();
    private final UnsafeBuffer bytesView = new UnsafeBuffer(new byte[0]);

    /**
     * Creates a printer for the venues and instruments of a registry.
     *
     * @param registry where venue names and symbols come from.
     */
    public MarketJson(final InstrumentRegistry registry)
    {
        this.registry = registry;
    }

    /**
     * The buffer the last line was written to, from offset 0.
     *
     * @return the buffer; valid until the next print.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Prints a trade.
     *
     * @param trade   the trade.
     * @param channel the channel as the user named it, or null.
     * @return the length of the line in {@link #buffer()}.
     */
    public int trade(final Trade trade, final CharSequence channel)
    {
        start(TRADE, trade, channel);
        final TradeId tradeId = trade.tradeId();
        bytesView.wrap(tradeId.bytes());
        encoder.name(TRADE_ID).string(bytesView, 0, tradeId.length());
        decimal(PRICE, trade.price());
        decimal(AMOUNT, trade.size());
        side(trade.aggressor());
        return end();
    }

    /**
     * Prints a book after an applied message: the top {@link #BOOK_LEVELS} levels of each side.
     *
     * @param update  the message just applied.
     * @param book    the book after it.
     * @param channel the channel as the user named it, or null.
     * @return the length of the line in {@link #buffer()}.
     */
    public int book(final BookUpdate update, final OrderBook book, final CharSequence channel)
    {
        start(BOOK, update, channel);
        encoder.name(CHANGE_ID).number(book.lastSequence());
        encoder.name(SNAPSHOT).bool(update.isSnapshot());
        levels(BIDS, book.bids());
        levels(ASKS, book.asks());
        return end();
    }

    /**
     * Prints a top of book as a {@code quote}.
     *
     * @param top     the top of book.
     * @param channel the channel as the user named it, or null.
     * @return the length of the line in {@link #buffer()}.
     */
    public int topOfBook(final TopOfBook top, final CharSequence channel)
    {
        start(QUOTE, top, channel);
        decimal(BEST_BID_PRICE, top.bidPrice());
        decimal(BEST_BID_AMOUNT, top.bidSize());
        decimal(BEST_ASK_PRICE, top.askPrice());
        decimal(BEST_ASK_AMOUNT, top.askSize());
        return end();
    }

    /**
     * Prints a derivatives ticker; absent fields are left out.
     *
     * @param ticker  the ticker.
     * @param channel the channel as the user named it, or null.
     * @return the length of the line in {@link #buffer()}.
     */
    public int ticker(final DerivativesTicker ticker, final CharSequence channel)
    {
        start(TICKER, ticker, channel);
        decimal(LAST_PRICE, ticker.lastPrice());
        decimal(MARK_PRICE, ticker.markPrice());
        decimal(INDEX_PRICE, ticker.indexPrice());
        decimal(OPEN_INTEREST, ticker.openInterest());
        decimal(FUNDING_RATE, ticker.fundingRate());
        if (ticker.nextFundingTimeNs() != MarketEvent.NO_TIMESTAMP)
        {
            encoder.name(NEXT_FUNDING_TS_MS).number(Math.floorDiv(ticker.nextFundingTimeNs(), 1_000_000L));
        }
        return end();
    }

    /**
     * Prints a liquidation.
     *
     * @param liquidation the liquidation.
     * @param channel     the channel as the user named it, or null.
     * @return the length of the line in {@link #buffer()}.
     */
    public int liquidation(final Liquidation liquidation, final CharSequence channel)
    {
        start(LIQUIDATION, liquidation, channel);
        decimal(PRICE, liquidation.price());
        decimal(AMOUNT, liquidation.size());
        side(liquidation.side());
        return end();
    }

    /**
     * Prints a gap or status event.
     *
     * @param status  the status.
     * @param channel the channel as the user named it, or null (a connection-wide status).
     * @return the length of the line in {@link #buffer()}.
     */
    public int status(final FeedStatus status, final CharSequence channel)
    {
        start(STATUS, status, channel);
        encoder.name(STATE).stringEncoded(STATES[status.state().ordinal()]);
        encoder.name(REASON).stringEncoded(REASONS[status.reason().ordinal()]);
        encoder.name(OCCURRENCES).number(status.occurrences());
        encoder.name(ATTEMPT).number(status.attempt());
        if (status.expectedSequence() != BookUpdate.NO_SEQUENCE)
        {
            encoder.name(EXPECTED_SEQUENCE).number(status.expectedSequence());
        }
        if (status.receivedSequence() != BookUpdate.NO_SEQUENCE)
        {
            encoder.name(RECEIVED_SEQUENCE).number(status.receivedSequence());
        }
        return end();
    }

    private void start(final byte[] type, final MarketEvent event, final CharSequence channel)
    {
        final JsonEncoder encoder = this.encoder.wrap(buffer, 0).startObject();
        encoder.name(TYPE).stringEncoded(type);
        encoder.name(EXCHANGE).stringEncoded(venueName(event.venueId()));
        encoder.name(CHANNEL);
        if (channel == null)
        {
            encoder.nullValue();
        }
        else
        {
            encoder.string(channel);
        }
        encoder.name(INSTRUMENT);
        if (event.instrumentId() == MarketEvent.NO_INSTRUMENT)
        {
            encoder.nullValue();
        }
        else
        {
            final byte[] symbol = registry.symbolBytes(event.instrumentId());
            bytesView.wrap(symbol);
            encoder.string(bytesView, 0, symbol.length);
        }
        encoder.name(EXCHANGE_TS_MS);
        if (event.exchangeTimestampNs() == MarketEvent.NO_TIMESTAMP)
        {
            encoder.nullValue();
        }
        else
        {
            encoder.number(event.exchangeTimestampMs());
        }
    }

    private int end()
    {
        return encoder.endObject().length();
    }

    private void decimal(final byte[] name, final Decimal value)
    {
        if (!value.isNull())
        {
            encoder.name(name);
            decimalString(value);
        }
    }

    /**
     * Writes a decimal as a JSON string: rendered once by the codec's exact printer, then quoted.
     */
    private void decimalString(final Decimal value)
    {
        final int length = numberEncoder.wrap(numberBuffer, 0).number(value).length();
        encoder.string(numberBuffer, 0, length);
    }

    private void side(final Side side)
    {
        encoder.name(DIRECTION);
        switch (side)
        {
            case BUY -> encoder.stringEncoded(BUY);
            case SELL -> encoder.stringEncoded(SELL);
            default -> encoder.nullValue();
        }
    }

    private void levels(final byte[] name, final PriceLevels levels)
    {
        encoder.name(name).startArray();
        for (int level = 0, n = Math.min(BOOK_LEVELS, levels.depth()); level < n; level++)
        {
            encoder.startArray();
            decimalString(levels.price(level));
            decimalString(levels.size(level));
            encoder.endArray();
        }
        encoder.endArray();
    }

    private byte[] venueName(final int venueId)
    {
        if (venueId >= venueNames.length)
        {
            venueNames = Arrays.copyOf(venueNames, Math.max(venueId + 1, venueNames.length * 2));
        }
        byte[] name = venueNames[venueId];
        if (name == null)
        {
            name = JsonEncoder.encodeName(registry.venueName(venueId));
            venueNames[venueId] = name;
        }
        return name;
    }

    private static byte[][] lowerCaseNames(final Enum<?>[] values)
    {
        final byte[][] names = new byte[values.length][];
        for (final Enum<?> value : values)
        {
            names[value.ordinal()] = JsonEncoder.encodeName(value.name().toLowerCase(Locale.ROOT));
        }
        return names;
    }
}

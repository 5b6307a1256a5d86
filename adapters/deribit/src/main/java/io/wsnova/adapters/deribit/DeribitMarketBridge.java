package io.wsnova.adapters.deribit;

import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.Side;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;

import java.util.Arrays;

/**
 * The normalized events of one connection: forwards every Deribit callback to the user's
 * {@link DeribitMarketListener} unchanged, then maps the same pooled, already decoded object onto the market model
 * and calls the {@link MarketListener} (no second parse). Mapping:
 * <pre>
 *   Deribit                               market model
 *   ticker.*        last/mark/index/OI    DerivativesTicker (current_funding as fundingRate; no next funding time)
 *   book.*          snapshot / change     BookUpdate + OrderBook (change_id = sequence, prev_change_id = previous)
 *   quote.*         best bid/ask          TopOfBook
 *   trades.*        each trade            Trade (trade_id, price, amount, direction = aggressor)
 *                   with liquidation      Liquidation as well (side of the liquidation order, see below)
 *   book status     DeribitBookStatus     FeedStatus (see {@link #onBookStatus})
 * </pre>
 * Instruments are interned in the adapter's {@link InstrumentRegistry} under the venue {@code deribit}: a name seen
 * for the first time is registered (cold path, under the adapter's lock), then found through a registry local to
 * this connection's message thread without allocation. Timestamps: the venue's milliseconds as ns, and the engine's
 * receive time of the message ({@link InboundMessage#receivedNs()}).
 * <p>
 * Message thread only, except {@link #onBookStatus} (see {@link DeribitMarketListener#onBookStatus}): a status
 * reported from the timer or event thread is delivered in a fresh {@link FeedStatus} (rare, control plane), so the
 * message thread's pooled objects are never shared. Allocation-free after warm-up on the market-data paths.
 */
final class DeribitMarketBridge implements DeribitMarketListener
{
    private final DeribitMarketListener delegate;
    private final MarketListener market;
    private final DeribitAdapter adapter;
    private final int venueId;
    private final InstrumentRegistry local = new InstrumentRegistry();
    private final int localVenue = local.venue(DeribitAdapter.VENUE);
    private int[] globalIds = new int[16];
    private byte[] scratch = new byte[64];
    private final Trade trade = new Trade();
    private final Liquidation liquidation = new Liquidation();
    private final DerivativesTicker ticker = new DerivativesTicker();
    private final TopOfBook top = new TopOfBook();
    private final FeedStatus status = new FeedStatus();
    private volatile Thread messageThread;
    private long receivedNs;

    DeribitMarketBridge(final DeribitMarketListener delegate, final MarketListener market, final DeribitAdapter adapter)
    {
        this.delegate = delegate;
        this.market = market;
        this.adapter = adapter;
        this.venueId = adapter.venueId();
    }

    /**
     * Called by the message handler before each message (message thread).
     */
    void onMessage(final InboundMessage message)
    {
        receivedNs = message.receivedNs();
        if (messageThread == null)
        {
            messageThread = Thread.currentThread();
        }
    }

    int venueId()
    {
        return venueId;
    }

    /**
     * The global instrument id of a channel's instrument: the second dot-separated part of a channel name
     * ({@code book.BTC-PERPETUAL.100ms}), registered when new (cold path).
     */
    int instrumentOfChannel(final String channel)
    {
        final int start = channel.indexOf('.') + 1;
        int end = channel.indexOf('.', start);
        end = end < 0 ? channel.length() : end;
        return start <= 0 || end <= start ? MarketEvent.NO_INSTRUMENT : instrument(channel.subSequence(start, end));
    }

    @Override
    public void onTicker(final DeribitTicker source)
    {
        delegate.onTicker(source);
        final DerivativesTicker ticker = this.ticker;
        ticker.reset();
        ticker.header(venueId, instrument(source.instrumentName()), MarketEvent.millisToNanos(source.timestampMs()),
            receivedNs);
        copy(source.lastPrice(), ticker.lastPrice());
        copy(source.markPrice(), ticker.markPrice());
        copy(source.indexPrice(), ticker.indexPrice());
        copy(source.openInterest(), ticker.openInterest());
        copy(source.currentFunding(), ticker.fundingRate());
        market.onTicker(ticker);
    }

    @Override
    public void onBook(final DeribitOrderBook book)
    {
        delegate.onBook(book);
        market.onBook(book.normalizedUpdate(), book.orderBook());
    }

    @Override
    public void onBookStatus(final DeribitOrderBook book, final DeribitBookStatus deribitStatus)
    {
        delegate.onBookStatus(book, deribitStatus);
        final FeedState state;
        FeedReason reason = FeedReason.NONE;
        switch (deribitStatus)
        {
            case GAP_DETECTED, UNAPPLICABLE ->
            {
                state = FeedState.SEQUENCE_GAP;
                reason = reason(book.lastResyncReason());
            }
            case RESYNC_REQUESTED, RESYNC_ESCALATED -> state = FeedState.RESYNC_STARTED;
            case RESYNC_DONE, RESTORED -> state = FeedState.RESYNC_DONE;
            case STALE_ON_DISCONNECT ->
            {
                state = FeedState.DISCONNECTED;
                reason = FeedReason.CONNECTION_LOST;
            }
            case RESYNC_TIMEOUT ->
            {
                state = FeedState.STALE;
                reason = FeedReason.NO_DATA_TIMEOUT;
            }
            case RESYNC_FAILED -> state = FeedState.STALE;
            default ->
            {
                return; // SNAPSHOT_APPLIED: the first snapshot; onBook reports it
            }
        }
        final boolean onMessageThread = Thread.currentThread() == messageThread;
        final FeedStatus status = onMessageThread ? this.status : new FeedStatus();
        status.set(state, reason);
        status.header(venueId, book.orderBook().instrumentId(), MarketEvent.NO_TIMESTAMP,
            onMessageThread ? receivedNs : System.nanoTime());
        status.counters(book.statusCount(deribitStatus), book.resyncAttempt());
        if (deribitStatus == DeribitBookStatus.GAP_DETECTED && onMessageThread)
        {
            final BookUpdate update = book.normalizedUpdate();
            status.sequences(book.changeId(), update.previousSequence());
        }
        market.onStatus(status);
    }

    @Override
    public void onResync(final DeribitOrderBook book, final DeribitBookResync reason)
    {
        delegate.onResync(book, reason);
    }

    @Override
    public void onTrade(final DeribitTrade source)
    {
        delegate.onTrade(source);
        final Trade trade = this.trade;
        final int instrumentId = instrument(source.instrumentName());
        final long timestampNs = MarketEvent.millisToNanos(source.timestampMs());
        trade.header(venueId, instrumentId, timestampNs, receivedNs);
        trade.price().set(source.price());
        trade.size().set(source.amount());
        final CharSequence tradeId = source.tradeId();
        final int length = ascii(tradeId);
        trade.tradeId().set(scratch, 0, length);
        final Side aggressor = side(source.direction());
        trade.aggressor(aggressor);
        market.onTrade(trade);
        if (source.isLiquidation())
        {
            final Liquidation liquidation = this.liquidation;
            liquidation.header(venueId, instrumentId, timestampNs, receivedNs);
            liquidation.price().set(source.price());
            liquidation.size().set(source.amount());
            liquidation.side(liquidationSide(source.liquidation(), aggressor));
            market.onLiquidation(liquidation);
        }
    }

    @Override
    public void onQuote(final DeribitQuote source)
    {
        delegate.onQuote(source);
        final TopOfBook top = this.top;
        top.reset();
        top.header(venueId, instrument(source.instrumentName()), MarketEvent.millisToNanos(source.timestampMs()),
            receivedNs);
        copy(source.bestBidPrice(), top.bidPrice());
        copy(source.bestBidAmount(), top.bidSize());
        copy(source.bestAskPrice(), top.askPrice());
        copy(source.bestAskAmount(), top.askSize());
        market.onTopOfBook(top);
    }

    @Override
    public void onRaw(final InboundMessage message)
    {
        delegate.onRaw(message);
    }

    /**
     * The side of the liquidation order: Deribit's {@code liquidation} names who was liquidated ({@code T} the
     * taker, {@code M} the maker, {@code MT} both) and {@code direction} is the taker's side; a liquidated maker's
     * order sat on the other side. For {@code MT} the taker's side is given.
     */
    static Side liquidationSide(final CharSequence who, final Side aggressor)
    {
        boolean taker = false;
        for (int i = 0, n = who == null ? 0 : who.length(); i < n; i++)
        {
            taker |= who.charAt(i) == 'T';
        }
        if (taker || aggressor == Side.UNKNOWN)
        {
            return aggressor;
        }
        return aggressor == Side.BUY ? Side.SELL : Side.BUY;
    }

    static Side side(final DeribitDirection direction)
    {
        return switch (direction)
        {
            case BUY -> Side.BUY;
            case SELL -> Side.SELL;
            default -> Side.UNKNOWN;
        };
    }

    private static FeedReason reason(final DeribitBookResync resync)
    {
        if (resync == null)
        {
            return FeedReason.NONE;
        }
        return switch (resync)
        {
            case CHANGE_ID_GAP -> FeedReason.SEQUENCE_MISMATCH;
            case CHANGE_BEFORE_SNAPSHOT -> FeedReason.UPDATE_BEFORE_SNAPSHOT;
            case UNDECODABLE -> FeedReason.UNDECODABLE;
            default -> FeedReason.NONE;
        };
    }

    private static void copy(final Decimal src, final Decimal dst)
    {
        if (src == null || src.isNull())
        {
            dst.setNull();
        }
        else
        {
            dst.set(src);
        }
    }

    /**
     * The global id of an instrument name: found in the thread-local registry without allocation, registered
     * (globally, then locally) the first time.
     */
    private int instrument(final CharSequence name)
    {
        final int length = ascii(name);
        if (length == 0)
        {
            return MarketEvent.NO_INSTRUMENT;
        }
        final int localId = local.instrument(localVenue, scratch, 0, length);
        if (localId != InstrumentRegistry.NOT_FOUND)
        {
            return globalIds[localId];
        }
        final String symbol = name.toString();
        final int globalId = adapter.instrument(symbol);
        final int newLocalId = local.register(localVenue, symbol, adapter.spec(globalId));
        if (newLocalId >= globalIds.length)
        {
            globalIds = Arrays.copyOf(globalIds, Math.max(newLocalId + 1, globalIds.length * 2));
        }
        globalIds[newLocalId] = globalId;
        return globalId;
    }

    /**
     * Copies ASCII text into {@link #scratch} (Deribit names and ids are ASCII; any other char is cut to a byte).
     *
     * @return the length, 0 for null.
     */
    private int ascii(final CharSequence text)
    {
        final int length = text == null ? 0 : text.length();
        if (length > scratch.length)
        {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        final byte[] scratch = this.scratch;
        for (int i = 0; i < length; i++)
        {
            scratch[i] = (byte)text.charAt(i);
        }
        return length;
    }
}

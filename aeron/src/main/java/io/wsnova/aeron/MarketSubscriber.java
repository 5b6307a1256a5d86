package io.wsnova.aeron;

import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.wsnova.aeron.sbe.BookUpdateMessageDecoder;
import io.wsnova.aeron.sbe.BooleanType;
import io.wsnova.aeron.sbe.DecimalDecoder;
import io.wsnova.aeron.sbe.DerivativesTickerMessageDecoder;
import io.wsnova.aeron.sbe.FeedStatusMessageDecoder;
import io.wsnova.aeron.sbe.InstrumentDefinitionDecoder;
import io.wsnova.aeron.sbe.LiquidationMessageDecoder;
import io.wsnova.aeron.sbe.MessageHeaderDecoder;
import io.wsnova.aeron.sbe.TopOfBookMessageDecoder;
import io.wsnova.aeron.sbe.TradeMessageDecoder;
import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.QuantityUnit;
import io.wsnova.market.SequenceRule;
import io.wsnova.market.Side;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The consumer side of {@link MarketPublisher}: a {@link FragmentHandler} that decodes the SBE messages into the
 * market model's pooled flyweights ({@link Trade}, {@link BookUpdate}, ...) and hands them to a
 * {@link MarketListener}, so that code written against a venue adapter runs unchanged in another process.
 * <p>
 * Poll it with {@link #poll(Subscription, int)} (which reassembles messages larger than the MTU) or wrap it in an
 * Aeron {@code FragmentAssembler} yourself (messages above the MTU come in fragments). It keeps its own
 * {@link InstrumentRegistry} (names learnt from the
 * publisher's {@code InstrumentDefinition} messages; local ids may differ from the publisher's) and an
 * {@link OrderBook} per instrument built from the book messages, so {@link MarketListener#onBook} receives the
 * same book as the publisher's listener (once a snapshot has arrived: until then, and after the publisher's image
 * is lost, book messages are dropped and counted in {@link #booksNotLive()}).
 * <p>
 * A fragment whose block, level group or text fields (as its own lengths state them) do not fit inside it, or whose
 * block is shorter than this version's template, is counted in {@link #malformed()} and skipped.
 * <p>
 * Events of an instrument whose definition has not arrived yet (a subscriber that joined late) are dropped and
 * counted in {@link #undefined()}; the publisher repeats definitions, so this lasts one definition interval at most.
 * <p>
 * Threading: one thread polls (the listener runs on it); the counters are plain fields of that thread. The event
 * objects are valid during the callback only. Zero allocation per event after warm-up, except the first definition
 * of each instrument.
 */
public final class MarketSubscriber implements FragmentHandler
{
    private static final int NO_MAPPING = -1;
    private static final long VENUE_KEY_FLAG = 1L << 31;
    // varAsciiEncoding: a uint32 length before the bytes.
    private static final int VAR_LENGTH_SIZE = 4;

    private final MarketListener listener;
    private final InstrumentRegistry registry = new InstrumentRegistry();
    // Per-session reassembly: one subscription may hold the images of several publishers.
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final InstrumentDefinitionDecoder definitionDecoder = new InstrumentDefinitionDecoder();
    private final TradeMessageDecoder tradeDecoder = new TradeMessageDecoder();
    private final BookUpdateMessageDecoder bookDecoder = new BookUpdateMessageDecoder();
    private final TopOfBookMessageDecoder topDecoder = new TopOfBookMessageDecoder();
    private final DerivativesTickerMessageDecoder tickerDecoder = new DerivativesTickerMessageDecoder();
    private final LiquidationMessageDecoder liquidationDecoder = new LiquidationMessageDecoder();
    private final FeedStatusMessageDecoder statusDecoder = new FeedStatusMessageDecoder();
    private final Long2LongHashMap localIds = new Long2LongHashMap(NO_MAPPING);
    private final UnsafeBuffer tradeIdBuffer = new UnsafeBuffer(0, 0);
    private final Decimal price = new Decimal();
    private final Decimal size = new Decimal();
    private final Trade trade = new Trade();
    private final BookUpdate update = new BookUpdate();
    private final TopOfBook top = new TopOfBook();
    private final DerivativesTicker ticker = new DerivativesTicker();
    private final Liquidation liquidation = new Liquidation();
    private final FeedStatus status = new FeedStatus();
    // Written by Aeron's client conductor thread (onUnavailableImage), drained by the polling thread.
    private final Queue<Integer> lostSessions = new ConcurrentLinkedQueue<>();
    private OrderBook[] books = new OrderBook[16];
    private int venueId;
    private int instrumentId;
    private long received;
    private long undefined;
    private long booksNotLive;
    private long malformed;
    private long unknownTemplates;
    private long imagesLost;

    /**
     * Creates a subscriber that calls {@code listener} for every event.
     *
     * @param listener the consumer.
     */
    public MarketSubscriber(final MarketListener listener)
    {
        this.listener = listener;
    }

    /**
     * Polls the subscription, reassembling fragmented messages.
     *
     * @param subscription  the subscription of the publisher's channel and stream.
     * @param fragmentLimit the most fragments to read.
     * @return the fragments read.
     */
    public int poll(final Subscription subscription, final int fragmentLimit)
    {
        final int fragments = subscription.poll(assembler, fragmentLimit);
        if (!lostSessions.isEmpty())
        {
            onImagesLost();
        }
        return fragments;
    }

    /**
     * The names and specs learnt from the publisher, for a {@code MarketJson} printer.
     *
     * @return the registry (written on the polling thread).
     */
    public InstrumentRegistry registry()
    {
        return registry;
    }

    /**
     * The book of an instrument (a local id of {@link #registry()}).
     *
     * @param localInstrumentId the id.
     * @return the book, or null if no book message of it arrived.
     */
    public OrderBook book(final int localInstrumentId)
    {
        return localInstrumentId >= 0 && localInstrumentId < books.length ? books[localInstrumentId] : null;
    }

    /**
     * Events handed to the listener.
     *
     * @return the count.
     */
    public long received()
    {
        return received;
    }

    /**
     * Events dropped because their instrument or venue had no definition yet.
     *
     * @return the count.
     */
    public long undefined()
    {
        return undefined;
    }

    /**
     * Book messages dropped because the local book waited for a snapshot.
     *
     * @return the count.
     */
    public long booksNotLive()
    {
        return booksNotLive;
    }

    /**
     * Messages dropped as malformed (another schema, a value out of range).
     *
     * @return the count.
     */
    public long malformed()
    {
        return malformed;
    }

    /**
     * Messages of a template this version does not know (a newer publisher), skipped.
     *
     * @return the count.
     */
    public long unknownTemplates()
    {
        return unknownTemplates;
    }

    /**
     * Publisher images lost (publisher gone or subscriber too slow) and handled by {@link #poll}; every book went
     * stale and each venue of that publisher received a {@link FeedState#DISCONNECTED} status.
     *
     * @return the count.
     */
    public long imagesLost()
    {
        return imagesLost;
    }

    /**
     * Pass to the subscription as its {@code UnavailableImageHandler} (Aeron calls it on its client conductor
     * thread): queues the loss, which the next {@link #poll(Subscription, int)} handles on the polling thread. There
     * every book is marked stale (it waits for the next snapshot) and {@link FeedState#DISCONNECTED} /
     * {@link FeedReason#CONNECTION_LOST} is reported for every venue the lost publisher defined. Cold path.
     *
     * @param image the lost image.
     */
    public void onUnavailableImage(final Image image)
    {
        lostSessions.add(image.sessionId());
    }

    private void onImagesLost()
    {
        Integer sessionId;
        while ((sessionId = lostSessions.poll()) != null)
        {
            imagesLost++;
            for (final OrderBook book : books)
            {
                if (book != null)
                {
                    book.markStale();
                }
            }
            final long sessionBits = (long)sessionId << 32;
            final List<Long> venues = new ArrayList<>();
            localIds.forEach((key, value) ->
            {
                if ((key & 0xFFFF_FFFF_0000_0000L) == sessionBits && (key & VENUE_KEY_FLAG) != 0)
                {
                    venues.add(value);
                }
            });
            for (final long venue : venues)
            {
                status.header((int)venue, MarketEvent.NO_INSTRUMENT, MarketEvent.NO_TIMESTAMP, System.nanoTime());
                status.set(FeedState.DISCONNECTED, FeedReason.CONNECTION_LOST);
                listener.onStatus(status);
            }
        }
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            malformed++;
            return;
        }
        final MessageHeaderDecoder headerDecoder = this.headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            malformed++;
            return;
        }
        if (!fits(buffer, offset, length, headerDecoder.templateId()))
        {
            malformed++;
            return;
        }
        final int sessionId = header.sessionId();
        switch (headerDecoder.templateId())
        {
            case InstrumentDefinitionDecoder.TEMPLATE_ID -> onDefinition(buffer, offset, sessionId);
            case TradeMessageDecoder.TEMPLATE_ID -> onTrade(buffer, offset, sessionId);
            case BookUpdateMessageDecoder.TEMPLATE_ID -> onBook(buffer, offset, sessionId);
            case TopOfBookMessageDecoder.TEMPLATE_ID -> onTop(buffer, offset, sessionId);
            case DerivativesTickerMessageDecoder.TEMPLATE_ID -> onTicker(buffer, offset, sessionId);
            case LiquidationMessageDecoder.TEMPLATE_ID -> onLiquidation(buffer, offset, sessionId);
            case FeedStatusMessageDecoder.TEMPLATE_ID -> onStatus(buffer, offset, sessionId);
            default -> unknownTemplates++;
        }
    }

    private void onDefinition(final DirectBuffer buffer, final int offset, final int sessionId)
    {
        final InstrumentDefinitionDecoder decoder = definitionDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        final int remoteVenue = decoder.venueId();
        final int remoteInstrument = decoder.instrumentId();
        final long venueKey = venueKey(sessionId, remoteVenue);
        final long instrumentKey = instrumentKey(sessionId, remoteInstrument);
        if (remoteInstrument >= 0 && localIds.get(instrumentKey) != NO_MAPPING ||
            remoteInstrument < 0 && localIds.get(venueKey) != NO_MAPPING)
        {
            return;
        }
        final Decimal tick = new Decimal();
        final Decimal lot = new Decimal();
        final Decimal multiplier = new Decimal();
        final boolean valid = decimal(decoder.tickSize(), tick) & decimal(decoder.lotSize(), lot) &
            decimal(decoder.contractMultiplier(), multiplier);
        final QuantityUnit unit = WireEnums.fromRaw(WireEnums.UNITS, decoder.quantityUnitRaw());
        final String venueName = decoder.venueName();
        final String symbol = decoder.symbol();
        if (!valid || unit == null || venueName.isEmpty())
        {
            malformed++;
            return;
        }
        final int localVenue = registry.venue(venueName);
        localIds.put(venueKey, localVenue);
        if (remoteInstrument >= 0)
        {
            final int localInstrument = registry.register(localVenue, symbol,
                new InstrumentSpec(tick, lot, multiplier, unit));
            localIds.put(instrumentKey, localInstrument);
        }
    }

    private void onTrade(final DirectBuffer buffer, final int offset, final int sessionId)
    {
        final TradeMessageDecoder decoder = tradeDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        if (!resolve(sessionId, decoder.venueId(), decoder.instrumentId()))
        {
            return;
        }
        final Trade trade = this.trade;
        final Side aggressor = WireEnums.fromRaw(WireEnums.SIDES, decoder.aggressorRaw());
        if (!decimal(decoder.price(), trade.price()) || !decimal(decoder.size(), trade.size()) || aggressor == null)
        {
            malformed++;
            return;
        }
        trade.header(venueId, instrumentId, decoder.exchangeTimestampNs(), decoder.receiveTimeNs());
        trade.aggressor(aggressor);
        decoder.wrapTradeId(tradeIdBuffer);
        trade.tradeId().set(tradeIdBuffer, 0, tradeIdBuffer.capacity());
        received++;
        listener.onTrade(trade);
    }

    private void onBook(final DirectBuffer buffer, final int offset, final int sessionId)
    {
        final BookUpdateMessageDecoder decoder = bookDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        if (!resolve(sessionId, decoder.venueId(), decoder.instrumentId()))
        {
            return;
        }
        if (instrumentId < 0)
        {
            malformed++;
            return;
        }
        final short snapshot = decoder.snapshotRaw();
        if (!isBoolean(snapshot))
        {
            malformed++;
            return;
        }
        final BookUpdate update = this.update;
        update.reset(snapshot == BooleanType.TRUE.value());
        update.header(venueId, instrumentId, decoder.exchangeTimestampNs(), decoder.receiveTimeNs());
        update.sequences(decoder.firstSequence(), decoder.lastSequence(), decoder.previousSequence());
        for (final BookUpdateMessageDecoder.LevelsDecoder level : decoder.levels())
        {
            final BookSide side = WireEnums.fromRaw(WireEnums.BOOK_SIDES, level.sideRaw());
            final short isDelete = level.isDeleteRaw();
            if (side == null || !isBoolean(isDelete) || !decimal(level.price(), price) || !decimal(level.size(), size))
            {
                malformed++;
                return;
            }
            if (isDelete == BooleanType.TRUE.value())
            {
                update.addDelete(side, price);
            }
            else
            {
                update.addLevel(side, price, size);
            }
        }
        final OrderBook book = book(venueId, instrumentId);
        final int result = book.apply(update, SequenceRule.UNCHECKED);
        if (result == OrderBook.APPLIED_SNAPSHOT || result == OrderBook.APPLIED_DELTA)
        {
            received++;
            listener.onBook(update, book);
        }
        else
        {
            booksNotLive++;
        }
    }

    private void onTop(final DirectBuffer buffer, final int offset, final int sessionId)
    {
        final TopOfBookMessageDecoder decoder = topDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        if (!resolve(sessionId, decoder.venueId(), decoder.instrumentId()))
        {
            return;
        }
        final TopOfBook top = this.top;
        if (!(decimal(decoder.bidPrice(), top.bidPrice()) & decimal(decoder.bidSize(), top.bidSize()) &
            decimal(decoder.askPrice(), top.askPrice()) & decimal(decoder.askSize(), top.askSize())))
        {
            malformed++;
            return;
        }
        top.header(venueId, instrumentId, decoder.exchangeTimestampNs(), decoder.receiveTimeNs());
        top.sequence(decoder.sequence());
        received++;
        listener.onTopOfBook(top);
    }

    private void onTicker(final DirectBuffer buffer, final int offset, final int sessionId)
    {
        final DerivativesTickerMessageDecoder decoder = tickerDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        if (!resolve(sessionId, decoder.venueId(), decoder.instrumentId()))
        {
            return;
        }
        final DerivativesTicker ticker = this.ticker;
        if (!(decimal(decoder.lastPrice(), ticker.lastPrice()) & decimal(decoder.markPrice(), ticker.markPrice()) &
            decimal(decoder.indexPrice(), ticker.indexPrice()) &
            decimal(decoder.openInterest(), ticker.openInterest()) &
            decimal(decoder.fundingRate(), ticker.fundingRate())))
        {
            malformed++;
            return;
        }
        ticker.header(venueId, instrumentId, decoder.exchangeTimestampNs(), decoder.receiveTimeNs());
        ticker.nextFundingTimeNs(decoder.nextFundingTimeNs());
        received++;
        listener.onTicker(ticker);
    }

    private void onLiquidation(final DirectBuffer buffer, final int offset, final int sessionId)
    {
        final LiquidationMessageDecoder decoder = liquidationDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        if (!resolve(sessionId, decoder.venueId(), decoder.instrumentId()))
        {
            return;
        }
        final Liquidation liquidation = this.liquidation;
        final Side side = WireEnums.fromRaw(WireEnums.SIDES, decoder.sideRaw());
        if (!decimal(decoder.price(), liquidation.price()) || !decimal(decoder.size(), liquidation.size()) ||
            side == null)
        {
            malformed++;
            return;
        }
        liquidation.header(venueId, instrumentId, decoder.exchangeTimestampNs(), decoder.receiveTimeNs());
        liquidation.side(side);
        received++;
        listener.onLiquidation(liquidation);
    }

    private void onStatus(final DirectBuffer buffer, final int offset, final int sessionId)
    {
        final FeedStatusMessageDecoder decoder = statusDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
        if (!resolve(sessionId, decoder.venueId(), decoder.instrumentId()))
        {
            return;
        }
        final FeedState state = WireEnums.fromRaw(WireEnums.STATES, decoder.stateRaw());
        final FeedReason reason = WireEnums.fromRaw(WireEnums.REASONS, decoder.reasonRaw());
        if (state == null || reason == null)
        {
            malformed++;
            return;
        }
        final FeedStatus status = this.status;
        status.header(venueId, instrumentId, decoder.exchangeTimestampNs(), decoder.receiveTimeNs());
        status.set(state, reason)
            .sequences(decoder.expectedSequence(), decoder.receivedSequence())
            .counters(decoder.occurrences(), decoder.attempt());
        received++;
        listener.onStatus(status);
    }

    private boolean resolve(final int sessionId, final int remoteVenue, final int remoteInstrument)
    {
        final long localVenue = localIds.get(venueKey(sessionId, remoteVenue));
        final long localInstrument = remoteInstrument >= 0 ?
            localIds.get(instrumentKey(sessionId, remoteInstrument)) : MarketEvent.NO_INSTRUMENT;
        if (localVenue == NO_MAPPING || remoteInstrument >= 0 && localInstrument == NO_MAPPING)
        {
            undefined++;
            return false;
        }
        venueId = (int)localVenue;
        instrumentId = (int)localInstrument;
        return true;
    }

    private OrderBook book(final int venueId, final int instrumentId)
    {
        if (instrumentId >= books.length)
        {
            books = Arrays.copyOf(books, Math.max(instrumentId + 1, books.length * 2));
        }
        OrderBook book = books[instrumentId];
        if (book == null)
        {
            book = new OrderBook(venueId, instrumentId);
            books[instrumentId] = book;
        }
        return book;
    }

    /**
     * Whether the message's block, repeating group and variable-length fields (as its header and length prefixes
     * state them) lie inside the fragment and its block is at least the template's: the decoders read where those
     * lengths point, so a truncated or foreign message would otherwise read past the fragment.
     */
    private boolean fits(final DirectBuffer buffer, final int offset, final int length, final int templateId)
    {
        final int minBlockLength;
        int groupMinBlockLength = 0;
        int varFields = 0;
        switch (templateId)
        {
            case InstrumentDefinitionDecoder.TEMPLATE_ID ->
            {
                minBlockLength = InstrumentDefinitionDecoder.BLOCK_LENGTH;
                varFields = 2;
            }
            case TradeMessageDecoder.TEMPLATE_ID ->
            {
                minBlockLength = TradeMessageDecoder.BLOCK_LENGTH;
                varFields = 1;
            }
            case BookUpdateMessageDecoder.TEMPLATE_ID ->
            {
                minBlockLength = BookUpdateMessageDecoder.BLOCK_LENGTH;
                groupMinBlockLength = BookUpdateMessageDecoder.LevelsDecoder.sbeBlockLength();
            }
            case TopOfBookMessageDecoder.TEMPLATE_ID -> minBlockLength = TopOfBookMessageDecoder.BLOCK_LENGTH;
            case DerivativesTickerMessageDecoder.TEMPLATE_ID ->
                minBlockLength = DerivativesTickerMessageDecoder.BLOCK_LENGTH;
            case LiquidationMessageDecoder.TEMPLATE_ID -> minBlockLength = LiquidationMessageDecoder.BLOCK_LENGTH;
            case FeedStatusMessageDecoder.TEMPLATE_ID -> minBlockLength = FeedStatusMessageDecoder.BLOCK_LENGTH;
            default ->
            {
                return true;
            }
        }
        final int blockLength = headerDecoder.blockLength();
        long position = (long)MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
        if (blockLength < minBlockLength || position > length)
        {
            return false;
        }
        if (groupMinBlockLength > 0)
        {
            final int groupHeaderLength = BookUpdateMessageDecoder.LevelsDecoder.HEADER_SIZE;
            if (position + groupHeaderLength > length)
            {
                return false;
            }
            final int entryLength = buffer.getShort(offset + (int)position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int count = buffer.getShort(offset + (int)position + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            position += groupHeaderLength + (long)entryLength * count;
            if (entryLength < groupMinBlockLength || position > length)
            {
                return false;
            }
        }
        for (int i = 0; i < varFields; i++)
        {
            if (position + VAR_LENGTH_SIZE > length)
            {
                return false;
            }
            final long varLength = buffer.getInt(offset + (int)position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            position += VAR_LENGTH_SIZE + varLength;
            if (position > length)
            {
                return false;
            }
        }
        return true;
    }

    // SBE's BooleanType.get throws on any other value; a foreign or broken message must be counted instead.
    private static boolean isBoolean(final short raw)
    {
        return raw == BooleanType.TRUE.value() || raw == BooleanType.FALSE.value();
    }

    private static boolean decimal(final DecimalDecoder decoder, final Decimal value)
    {
        final byte scale = decoder.scale();
        if (scale == -1)
        {
            value.setNull();
            return true;
        }
        if (scale < 0 || scale > Decimal.MAX_SCALE)
        {
            return false;
        }
        value.set(decoder.mantissa(), scale);
        return true;
    }

    private static long instrumentKey(final int sessionId, final int remoteInstrument)
    {
        return (long)sessionId << 32 | (remoteInstrument & 0x7FFF_FFFFL);
    }

    private static long venueKey(final int sessionId, final int remoteVenue)
    {
        return (long)sessionId << 32 | VENUE_KEY_FLAG | (remoteVenue & 0x7FFF_FFFFL);
    }
}

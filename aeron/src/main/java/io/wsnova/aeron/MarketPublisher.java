package io.wsnova.aeron;

import io.aeron.Publication;
import io.wsnova.aeron.sbe.BookUpdateMessageEncoder;
import io.wsnova.aeron.sbe.BooleanType;
import io.wsnova.aeron.sbe.DecimalEncoder;
import io.wsnova.aeron.sbe.DerivativesTickerMessageEncoder;
import io.wsnova.aeron.sbe.FeedStatusMessageEncoder;
import io.wsnova.aeron.sbe.InstrumentDefinitionEncoder;
import io.wsnova.aeron.sbe.LiquidationMessageEncoder;
import io.wsnova.aeron.sbe.MessageHeaderEncoder;
import io.wsnova.aeron.sbe.TopOfBookMessageEncoder;
import io.wsnova.aeron.sbe.TradeMessageEncoder;
import io.wsnova.aeron.sbe.WireQuantityUnit;
import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@link MarketListener} that publishes every event as one SBE message ({@code market-schema.xml}) on an Aeron
 * {@link Publication}: plug it into a venue adapter as its listener and every normalized event, status and gap
 * included, reaches the {@link MarketSubscriber}s of the channel and stream, in this or other processes and hosts.
 * <p>
 * <b>Instrument definitions.</b> Events carry the publisher's venue and instrument ids; before the first event of
 * an instrument (or of a venue, for venue-wide status events), and again after each
 * {@link Builder#definitionIntervalNs(long)} with events, the publisher sends an {@code InstrumentDefinition} with
 * the names and the spec, so that a subscriber that joins late learns them within that interval.
 * <p>
 * <b>Back pressure.</b> When {@link Publication#offer} returns {@link Publication#BACK_PRESSURED} or
 * {@link Publication#ADMIN_ACTION}, the publisher retries, spinning ({@link Thread#onSpinWait()}), until the offer
 * succeeds, {@link Builder#maxRetries(int)} retries were made, or {@link Builder#maxSpinNs(long)} passed,
 * whichever comes first; then it drops the event and counts it ({@link PublisherCounters#droppedBackPressured()}).
 * {@link Publication#NOT_CONNECTED} (no subscriber) and a closed publication drop at once, counted. The reader
 * thread is therefore never held longer than the bound; a slow subscriber loses events (counted at the publisher,
 * and seen as a gap by nobody else: Aeron's flow control keeps the stream itself gap-free).
 * <p>
 * <b>Threading.</b> Called on one thread at a time (the adapter's message thread): the encode buffer is the
 * publisher's own. Several adapters on several threads use one {@code MarketPublisher} each, on the same or on
 * separate publications. The {@link InstrumentRegistry} must be filled before events of an instrument arrive (as
 * the adapters do). Zero allocation per event after warm-up (the buffer grows only for a book message larger than
 * any before it).
 */
public final class MarketPublisher implements MarketListener
{
    /** Default {@link Builder#maxRetries(int)}. */
    public static final int DEFAULT_MAX_RETRIES = 1_000;
    /** Default {@link Builder#maxSpinNs(long)}: 100 µs. */
    public static final long DEFAULT_MAX_SPIN_NS = 100_000L;
    /** Default {@link Builder#definitionIntervalNs(long)}: 1 s. */
    public static final long DEFAULT_DEFINITION_INTERVAL_NS = 1_000_000_000L;

    private static final long NEVER = Long.MIN_VALUE;
    private static final int INITIAL_BUFFER_CAPACITY = 64 * 1024;
    private static final byte NULL_SCALE = -1;

    private final Publication publication;
    private final InstrumentRegistry registry;
    private final PublisherCounters counters;
    private final NanoClock clock;
    private final int maxRetries;
    private final long maxSpinNs;
    private final long definitionIntervalNs;
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(INITIAL_BUFFER_CAPACITY);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final InstrumentDefinitionEncoder definitionEncoder = new InstrumentDefinitionEncoder();
    private final TradeMessageEncoder tradeEncoder = new TradeMessageEncoder();
    private final BookUpdateMessageEncoder bookEncoder = new BookUpdateMessageEncoder();
    private final TopOfBookMessageEncoder topEncoder = new TopOfBookMessageEncoder();
    private final DerivativesTickerMessageEncoder tickerEncoder = new DerivativesTickerMessageEncoder();
    private final LiquidationMessageEncoder liquidationEncoder = new LiquidationMessageEncoder();
    private final FeedStatusMessageEncoder statusEncoder = new FeedStatusMessageEncoder();
    private long[] instrumentDefinedNs = new long[0];
    private long[] venueDefinedNs = new long[0];
    private byte[][] venueNames = new byte[0][];
    private long lastResult;

    private MarketPublisher(final Builder builder)
    {
        publication = builder.publication;
        registry = builder.registry;
        counters = builder.counters;
        clock = builder.clock;
        maxRetries = builder.maxRetries;
        maxSpinNs = builder.maxSpinNs;
        definitionIntervalNs = builder.definitionIntervalNs;
    }

    /**
     * A builder.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The counters (also readable from other processes when allocated in the driver's counters file).
     *
     * @return the counters.
     */
    public PublisherCounters counters()
    {
        return counters;
    }

    /**
     * The result of the last offer of an event: a new stream position (positive) or one of {@link Publication}'s
     * negative codes. Read on the publishing thread.
     *
     * @return the result.
     */
    public long lastResult()
    {
        return lastResult;
    }

    @Override
    public void onTrade(final Trade trade)
    {
        define(trade);
        final TradeMessageEncoder encoder = tradeEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder);
        encoder.venueId(trade.venueId())
            .instrumentId(trade.instrumentId())
            .exchangeTimestampNs(trade.exchangeTimestampNs())
            .receiveTimeNs(trade.receiveTimeNs());
        decimal(encoder.price(), trade.price());
        decimal(encoder.size(), trade.size());
        encoder.aggressor(WireEnums.SIDE_TO_WIRE[trade.aggressor().ordinal()]);
        encoder.putTradeId(trade.tradeId().bytes(), 0, trade.tradeId().length());
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), true);
    }

    @Override
    public void onBook(final BookUpdate update, final OrderBook book)
    {
        define(update);
        final int count = update.levelCount();
        buffer.checkLimit(MessageHeaderEncoder.ENCODED_LENGTH + BookUpdateMessageEncoder.BLOCK_LENGTH +
            BookUpdateMessageEncoder.LevelsEncoder.HEADER_SIZE +
            count * BookUpdateMessageEncoder.LevelsEncoder.sbeBlockLength());
        final BookUpdateMessageEncoder encoder = bookEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder);
        encoder.venueId(update.venueId())
            .instrumentId(update.instrumentId())
            .exchangeTimestampNs(update.exchangeTimestampNs())
            .receiveTimeNs(update.receiveTimeNs())
            .snapshot(update.isSnapshot() ? BooleanType.TRUE : BooleanType.FALSE)
            .firstSequence(update.firstSequence())
            .lastSequence(update.lastSequence())
            .previousSequence(update.previousSequence());
        final BookUpdateMessageEncoder.LevelsEncoder levels = encoder.levelsCount(count);
        for (int i = 0; i < count; i++)
        {
            levels.next()
                .side(WireEnums.BOOK_SIDE_TO_WIRE[update.side(i).ordinal()])
                .isDelete(update.isDelete(i) ? BooleanType.TRUE : BooleanType.FALSE);
            decimal(levels.price(), update.price(i));
            decimal(levels.size(), update.size(i));
        }
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), true);
    }

    @Override
    public void onTopOfBook(final TopOfBook top)
    {
        define(top);
        final TopOfBookMessageEncoder encoder = topEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder);
        encoder.venueId(top.venueId())
            .instrumentId(top.instrumentId())
            .exchangeTimestampNs(top.exchangeTimestampNs())
            .receiveTimeNs(top.receiveTimeNs());
        decimal(encoder.bidPrice(), top.bidPrice());
        decimal(encoder.bidSize(), top.bidSize());
        decimal(encoder.askPrice(), top.askPrice());
        decimal(encoder.askSize(), top.askSize());
        encoder.sequence(top.sequence());
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), true);
    }

    @Override
    public void onTicker(final DerivativesTicker ticker)
    {
        define(ticker);
        final DerivativesTickerMessageEncoder encoder = tickerEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder);
        encoder.venueId(ticker.venueId())
            .instrumentId(ticker.instrumentId())
            .exchangeTimestampNs(ticker.exchangeTimestampNs())
            .receiveTimeNs(ticker.receiveTimeNs());
        decimal(encoder.lastPrice(), ticker.lastPrice());
        decimal(encoder.markPrice(), ticker.markPrice());
        decimal(encoder.indexPrice(), ticker.indexPrice());
        decimal(encoder.openInterest(), ticker.openInterest());
        decimal(encoder.fundingRate(), ticker.fundingRate());
        encoder.nextFundingTimeNs(ticker.nextFundingTimeNs());
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), true);
    }

    @Override
    public void onLiquidation(final Liquidation liquidation)
    {
        define(liquidation);
        final LiquidationMessageEncoder encoder = liquidationEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder);
        encoder.venueId(liquidation.venueId())
            .instrumentId(liquidation.instrumentId())
            .exchangeTimestampNs(liquidation.exchangeTimestampNs())
            .receiveTimeNs(liquidation.receiveTimeNs());
        decimal(encoder.price(), liquidation.price());
        decimal(encoder.size(), liquidation.size());
        encoder.side(WireEnums.SIDE_TO_WIRE[liquidation.side().ordinal()]);
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), true);
    }

    @Override
    public void onStatus(final FeedStatus status)
    {
        define(status);
        final FeedStatusMessageEncoder encoder = statusEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder);
        encoder.venueId(status.venueId())
            .instrumentId(status.instrumentId())
            .exchangeTimestampNs(status.exchangeTimestampNs())
            .receiveTimeNs(status.receiveTimeNs())
            .state(WireEnums.STATE_TO_WIRE[status.state().ordinal()])
            .reason(WireEnums.REASON_TO_WIRE[status.reason().ordinal()])
            .expectedSequence(status.expectedSequence())
            .receivedSequence(status.receivedSequence())
            .occurrences(status.occurrences())
            .attempt(status.attempt());
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), true);
    }

    private void define(final MarketEvent event)
    {
        final int instrumentId = event.instrumentId();
        final int venueId = event.venueId();
        final long nowNs = clock.nanoTime();
        if (instrumentId >= 0)
        {
            if (instrumentId >= instrumentDefinedNs.length)
            {
                instrumentDefinedNs = grow(instrumentDefinedNs, instrumentId);
            }
            final long definedNs = instrumentDefinedNs[instrumentId];
            if (definedNs == NEVER || nowNs - definedNs >= definitionIntervalNs)
            {
                if (sendDefinition(venueId, instrumentId))
                {
                    instrumentDefinedNs[instrumentId] = nowNs;
                }
            }
        }
        else
        {
            if (venueId >= venueDefinedNs.length)
            {
                venueDefinedNs = grow(venueDefinedNs, venueId);
            }
            final long definedNs = venueDefinedNs[venueId];
            if (definedNs == NEVER || nowNs - definedNs >= definitionIntervalNs)
            {
                if (sendDefinition(venueId, MarketEvent.NO_INSTRUMENT))
                {
                    venueDefinedNs[venueId] = nowNs;
                }
            }
        }
    }

    private boolean sendDefinition(final int venueId, final int instrumentId)
    {
        final byte[] venueName = venueName(venueId);
        final InstrumentDefinitionEncoder encoder = definitionEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder);
        encoder.venueId(venueId).instrumentId(instrumentId);
        if (instrumentId >= 0)
        {
            final InstrumentSpec spec = registry.spec(instrumentId);
            decimal(encoder.tickSize(), spec.tickSize());
            decimal(encoder.lotSize(), spec.lotSize());
            decimal(encoder.contractMultiplier(), spec.contractMultiplier());
            encoder.quantityUnit(WireEnums.UNIT_TO_WIRE[spec.quantityUnit().ordinal()]);
            encoder.putVenueName(venueName, 0, venueName.length);
            final byte[] symbol = registry.symbolBytes(instrumentId);
            encoder.putSymbol(symbol, 0, symbol.length);
        }
        else
        {
            encoder.tickSize().mantissa(0L).scale(NULL_SCALE);
            encoder.lotSize().mantissa(0L).scale(NULL_SCALE);
            encoder.contractMultiplier().mantissa(0L).scale(NULL_SCALE);
            encoder.quantityUnit(WireQuantityUnit.BASE);
            encoder.putVenueName(venueName, 0, venueName.length);
            encoder.putSymbol(venueName, 0, 0);
        }
        return offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), false) > 0;
    }

    private byte[] venueName(final int venueId)
    {
        if (venueId >= venueNames.length)
        {
            venueNames = Arrays.copyOf(venueNames, venueId + 1);
        }
        byte[] name = venueNames[venueId];
        if (name == null)
        {
            name = registry.venueName(venueId).getBytes(StandardCharsets.US_ASCII);
            venueNames[venueId] = name;
        }
        return name;
    }

    private void decimal(final DecimalEncoder encoder, final Decimal value)
    {
        if (value.isNull())
        {
            encoder.mantissa(0L).scale(NULL_SCALE);
        }
        else
        {
            if (!value.isExact())
            {
                counters.inexactDecimals().incrementRelease();
            }
            encoder.mantissa(value.mantissa()).scale((byte)value.scale());
        }
    }

    private long offer(final int length, final boolean event)
    {
        final Publication publication = this.publication;
        final ExpandableDirectByteBuffer buffer = this.buffer;
        long result = publication.offer(buffer, 0, length);
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            if (event)
            {
                counters.backPressured().incrementRelease();
            }
            final long deadlineNs = clock.nanoTime() + maxSpinNs;
            int retries = 0;
            while ((result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION) &&
                retries < maxRetries && clock.nanoTime() - deadlineNs < 0)
            {
                Thread.onSpinWait();
                result = publication.offer(buffer, 0, length);
                retries++;
            }
        }
        if (event)
        {
            lastResult = result;
            count(result, length);
        }
        else if (result > 0)
        {
            counters.definitions().incrementRelease();
        }
        return result;
    }

    private void count(final long result, final int length)
    {
        final PublisherCounters counters = this.counters;
        if (result > 0)
        {
            counters.published().incrementRelease();
            counters.publishedBytes().getAndAddRelease(length);
        }
        else if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            counters.droppedBackPressured().incrementRelease();
        }
        else if (result == Publication.NOT_CONNECTED)
        {
            counters.droppedNotConnected().incrementRelease();
        }
        else
        {
            counters.droppedClosed().incrementRelease();
        }
    }

    private static long[] grow(final long[] old, final int index)
    {
        final long[] grown = Arrays.copyOf(old, Math.max(index + 1, old.length * 2));
        Arrays.fill(grown, old.length, grown.length, NEVER);
        return grown;
    }

    /**
     * Configures a {@link MarketPublisher}. Cold path.
     */
    public static final class Builder
    {
        private Publication publication;
        private InstrumentRegistry registry;
        private PublisherCounters counters;
        private NanoClock clock = SystemNanoClock.INSTANCE;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private long maxSpinNs = DEFAULT_MAX_SPIN_NS;
        private long definitionIntervalNs = DEFAULT_DEFINITION_INTERVAL_NS;

        private Builder()
        {
        }

        /**
         * The publication to offer on (required; concurrent or exclusive).
         *
         * @param publication the publication.
         * @return this.
         */
        public Builder publication(final Publication publication)
        {
            this.publication = publication;
            return this;
        }

        /**
         * The registry the adapter interns its venues and instruments in (required).
         *
         * @param registry the registry.
         * @return this.
         */
        public Builder registry(final InstrumentRegistry registry)
        {
            this.registry = registry;
            return this;
        }

        /**
         * The counters (required; {@link PublisherCounters#allocate}).
         *
         * @param counters the counters.
         * @return this.
         */
        public Builder counters(final PublisherCounters counters)
        {
            this.counters = counters;
            return this;
        }

        /**
         * The clock of the back-pressure bound and the definition interval.
         *
         * @param clock the clock.
         * @return this.
         */
        public Builder clock(final NanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        /**
         * Retries of a back-pressured offer before the event is dropped (0: drop at the first refusal).
         *
         * @param maxRetries the bound, at least 0.
         * @return this.
         */
        public Builder maxRetries(final int maxRetries)
        {
            if (maxRetries < 0)
            {
                throw new IllegalArgumentException("maxRetries < 0: " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * The longest time one event spins on back pressure before it is dropped.
         *
         * @param maxSpinNs the bound in nanoseconds, at least 0.
         * @return this.
         */
        public Builder maxSpinNs(final long maxSpinNs)
        {
            if (maxSpinNs < 0)
            {
                throw new IllegalArgumentException("maxSpinNs < 0: " + maxSpinNs);
            }
            this.maxSpinNs = maxSpinNs;
            return this;
        }

        /**
         * How often an instrument's definition is repeated while its events flow (for subscribers that join late).
         *
         * @param definitionIntervalNs the interval in nanoseconds, more than 0.
         * @return this.
         */
        public Builder definitionIntervalNs(final long definitionIntervalNs)
        {
            if (definitionIntervalNs <= 0)
            {
                throw new IllegalArgumentException("definitionIntervalNs <= 0: " + definitionIntervalNs);
            }
            this.definitionIntervalNs = definitionIntervalNs;
            return this;
        }

        /**
         * Builds the publisher.
         *
         * @return the publisher.
         * @throws IllegalStateException if the publication, registry or counters are missing.
         */
        public MarketPublisher build()
        {
            if (publication == null || registry == null || counters == null)
            {
                throw new IllegalStateException("publication, registry and counters are required");
            }
            return new MarketPublisher(this);
        }
    }
}

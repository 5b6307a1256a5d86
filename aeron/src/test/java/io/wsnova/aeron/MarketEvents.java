package io.wsnova.aeron;

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
import io.wsnova.market.PriceLevels;
import io.wsnova.market.QuantityUnit;
import io.wsnova.market.SequenceRule;
import io.wsnova.market.Side;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;

import java.util.SplittableRandom;

/**
 * A seeded random stream of every event type over a few instruments of two venues (a generator of test input),
 * and the canonical text of an event (names instead of ids, decimals as mantissa and scale) that the differential
 * tests compare.
 */
final class MarketEvents
{
    static final int EVENT_TYPES = 6;

    final InstrumentRegistry registry = new InstrumentRegistry();
    private final SplittableRandom random;
    private final int[] instruments;
    private final int[] venues;
    private final OrderBook[] books;
    private final Trade trade = new Trade();
    private final BookUpdate update = new BookUpdate();
    private final TopOfBook top = new TopOfBook();
    private final DerivativesTicker ticker = new DerivativesTicker();
    private final Liquidation liquidation = new Liquidation();
    private final FeedStatus status = new FeedStatus();
    private final Decimal scratch = new Decimal();
    private long sequence = 1;

    MarketEvents(final long seed)
    {
        random = new SplittableRandom(seed);
        final int deribit = registry.venue("deribit");
        final int binance = registry.venue("binance");
        venues = new int[]{deribit, binance};
        instruments = new int[]{
            registry.register(deribit, "BTC-PERPETUAL", new InstrumentSpec(new Decimal(5, 1), new Decimal(10, 0),
                new Decimal(10, 0), QuantityUnit.QUOTE)),
            registry.register(deribit, "ETH-PERPETUAL", new InstrumentSpec(new Decimal(5, 2), new Decimal(1, 0),
                new Decimal(1, 0), QuantityUnit.CONTRACTS)),
            registry.register(binance, "BTCUSDT", InstrumentSpec.spot(1, 2, 1, 5)),
        };
        books = new OrderBook[instruments.length];
        for (int i = 0; i < instruments.length; i++)
        {
            books[i] = new OrderBook(registry.venueOf(instruments[i]), instruments[i]);
        }
    }

    /**
     * Emits one random event of the given type (0 to {@link #EVENT_TYPES} - 1) to the listener.
     */
    void emit(final int type, final MarketListener listener)
    {
        final int index = random.nextInt(instruments.length);
        final int instrument = instruments[index];
        final int venue = registry.venueOf(instrument);
        final long exchangeNs = random.nextInt(8) == 0 ? MarketEvent.NO_TIMESTAMP :
            1_700_000_000_000_000_000L + random.nextLong(1_000_000_000_000L);
        final long receiveNs = random.nextLong(Long.MAX_VALUE);
        switch (type)
        {
            case 0 ->
            {
                trade.header(venue, instrument, exchangeNs, receiveNs);
                decimal(trade.price(), false);
                decimal(trade.size(), false);
                trade.aggressor(Side.values()[random.nextInt(Side.values().length)]);
                if (random.nextBoolean())
                {
                    trade.tradeId().set(random.nextLong(Long.MAX_VALUE));
                }
                else
                {
                    final byte[] id = ("t-" + Long.toHexString(random.nextLong())).getBytes();
                    trade.tradeId().set(id, 0, id.length);
                }
                listener.onTrade(trade);
            }
            case 1 ->
            {
                final OrderBook book = books[index];
                final boolean snapshot = !book.isLive() || random.nextInt(20) == 0;
                update.reset(snapshot);
                update.header(venue, instrument, exchangeNs, receiveNs);
                final long first = sequence;
                sequence += 1 + random.nextInt(3);
                update.sequences(first, sequence - 1, random.nextBoolean() ? first - 1 : BookUpdate.NO_SEQUENCE);
                // Up to 200 levels: 4 KB, above the 1,408-byte MTU, so that reassembly is exercised.
                final int levels = snapshot ? 1 + random.nextInt(200) : random.nextInt(6);
                for (int i = 0; i < levels; i++)
                {
                    final BookSide side = random.nextBoolean() ? BookSide.BID : BookSide.ASK;
                    final long price = side == BookSide.BID ? 9_000 + random.nextInt(100) : 9_101 + random.nextInt(100);
                    scratch.set(price, 1);
                    if (!snapshot && random.nextInt(4) == 0)
                    {
                        update.addDelete(side, scratch);
                    }
                    else
                    {
                        update.addLevel(side, price, 1, 1 + random.nextInt(100_000), 3);
                    }
                }
                final int result = book.apply(update, SequenceRule.UNCHECKED);
                if (result == OrderBook.APPLIED_SNAPSHOT || result == OrderBook.APPLIED_DELTA)
                {
                    listener.onBook(update, book);
                }
            }
            case 2 ->
            {
                top.reset();
                top.header(venue, instrument, exchangeNs, receiveNs);
                decimal(top.bidPrice(), true);
                decimal(top.bidSize(), true);
                decimal(top.askPrice(), true);
                decimal(top.askSize(), true);
                top.sequence(random.nextBoolean() ? BookUpdate.NO_SEQUENCE : random.nextLong());
                listener.onTopOfBook(top);
            }
            case 3 ->
            {
                ticker.reset();
                ticker.header(venue, instrument, exchangeNs, receiveNs);
                decimal(ticker.lastPrice(), true);
                decimal(ticker.markPrice(), true);
                decimal(ticker.indexPrice(), true);
                decimal(ticker.openInterest(), true);
                decimal(ticker.fundingRate(), true);
                ticker.nextFundingTimeNs(random.nextBoolean() ? MarketEvent.NO_TIMESTAMP : random.nextLong());
                listener.onTicker(ticker);
            }
            case 4 ->
            {
                liquidation.header(venue, instrument, exchangeNs, receiveNs);
                decimal(liquidation.price(), false);
                decimal(liquidation.size(), false);
                liquidation.side(Side.values()[random.nextInt(Side.values().length)]);
                listener.onLiquidation(liquidation);
            }
            default ->
            {
                final boolean venueWide = random.nextInt(3) == 0;
                status.header(venueWide ? venues[random.nextInt(venues.length)] : venue,
                    venueWide ? MarketEvent.NO_INSTRUMENT : instrument, exchangeNs, receiveNs);
                status.set(FeedState.values()[random.nextInt(FeedState.values().length)],
                    FeedReason.values()[random.nextInt(FeedReason.values().length)]);
                status.sequences(random.nextLong(), random.nextBoolean() ? BookUpdate.NO_SEQUENCE : random.nextLong());
                status.counters(random.nextLong(Long.MAX_VALUE), random.nextInt(Integer.MAX_VALUE));
                listener.onStatus(status);
            }
        }
    }

    void emitRandom(final MarketListener listener)
    {
        emit(random.nextInt(EVENT_TYPES), listener);
    }

    private void decimal(final Decimal value, final boolean nullable)
    {
        if (nullable && random.nextInt(5) == 0)
        {
            value.setNull();
        }
        else
        {
            final long mantissa = switch (random.nextInt(4))
            {
                case 0 -> random.nextLong();
                case 1 -> 0L;
                default -> random.nextLong(10_000_000_000L);
            };
            value.set(mantissa, random.nextInt(Decimal.MAX_SCALE + 1));
        }
    }

    /**
     * A listener that appends the canonical text of every event it sees, resolving ids through its registry.
     */
    static final class Recorder implements MarketListener
    {
        final java.util.List<String> events = new java.util.ArrayList<>();
        private final java.util.function.Supplier<InstrumentRegistry> registry;

        Recorder(final java.util.function.Supplier<InstrumentRegistry> registry)
        {
            this.registry = registry;
        }

        @Override
        public void onTrade(final Trade trade)
        {
            events.add(head("trade", trade) + " price=" + d(trade.price()) + " size=" + d(trade.size()) +
                " aggressor=" + trade.aggressor() + " id=" + trade.tradeId() + " idNumeric=" +
                trade.tradeId().numeric());
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            final StringBuilder text = new StringBuilder(head("book", update)).append(" snapshot=")
                .append(update.isSnapshot()).append(" seq=").append(update.firstSequence()).append('/')
                .append(update.lastSequence()).append('/').append(update.previousSequence()).append(" levels=");
            for (int i = 0; i < update.levelCount(); i++)
            {
                text.append(update.side(i)).append(update.isDelete(i) ? " del " : " set ").append(d(update.price(i)))
                    .append('x').append(d(update.size(i))).append(';');
            }
            text.append(" bids=");
            levels(book.bids(), text);
            text.append(" asks=");
            levels(book.asks(), text);
            text.append(" bookSeq=").append(book.lastSequence());
            events.add(text.toString());
        }

        @Override
        public void onTopOfBook(final TopOfBook top)
        {
            events.add(head("top", top) + " bid=" + d(top.bidPrice()) + "x" + d(top.bidSize()) + " ask=" +
                d(top.askPrice()) + "x" + d(top.askSize()) + " seq=" + top.sequence());
        }

        @Override
        public void onTicker(final DerivativesTicker ticker)
        {
            events.add(head("ticker", ticker) + " last=" + d(ticker.lastPrice()) + " mark=" + d(ticker.markPrice()) +
                " index=" + d(ticker.indexPrice()) + " oi=" + d(ticker.openInterest()) + " funding=" +
                d(ticker.fundingRate()) + " next=" + ticker.nextFundingTimeNs());
        }

        @Override
        public void onLiquidation(final Liquidation liquidation)
        {
            events.add(head("liquidation", liquidation) + " price=" + d(liquidation.price()) + " size=" +
                d(liquidation.size()) + " side=" + liquidation.side());
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            events.add(head("status", status) + " " + status.state() + " " + status.reason() + " expected=" +
                status.expectedSequence() + " received=" + status.receivedSequence() + " occurrences=" +
                status.occurrences() + " attempt=" + status.attempt());
        }

        private String head(final String type, final MarketEvent event)
        {
            final InstrumentRegistry registry = this.registry.get();
            final String instrument = event.instrumentId() == MarketEvent.NO_INSTRUMENT ? "-" :
                registry.symbol(event.instrumentId()) + " " + registry.spec(event.instrumentId());
            return type + " " + registry.venueName(event.venueId()) + " " + instrument + " exchangeNs=" +
                event.exchangeTimestampNs() + " receiveNs=" + event.receiveTimeNs();
        }

        private static void levels(final PriceLevels levels, final StringBuilder text)
        {
            final int depth = Math.min(levels.depth(), 10);
            for (int i = 0; i < depth; i++)
            {
                text.append(d(levels.price(i))).append('x').append(d(levels.size(i))).append(',');
            }
        }

        private static String d(final Decimal value)
        {
            return value.isNull() ? "null" : value.mantissa() + "e-" + value.scale();
        }
    }
}

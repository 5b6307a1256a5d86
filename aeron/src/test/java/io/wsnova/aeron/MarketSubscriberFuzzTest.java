package io.wsnova.aeron;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aeron.logbuffer.Header;
import io.aeron.protocol.DataHeaderFlyweight;
import io.wsnova.aeron.sbe.BooleanType;
import io.wsnova.aeron.sbe.BookUpdateMessageEncoder;
import io.wsnova.aeron.sbe.InstrumentDefinitionEncoder;
import io.wsnova.aeron.sbe.MessageHeaderEncoder;
import io.wsnova.aeron.sbe.TradeMessageEncoder;
import io.wsnova.aeron.sbe.WireBookSide;
import io.wsnova.aeron.sbe.WireQuantityUnit;
import io.wsnova.aeron.sbe.WireSide;
import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@link MarketSubscriber#onFragment} (docs/FUZZING.md): what arrives on an Aeron
 * stream is whatever any process offered there (another schema, a newer or broken publisher, a truncated fragment),
 * so any bytes must give a counted outcome, never an exception out of the polling thread.
 * <p>
 * Input: a sequence of fragments, each {@code [session byte][length: 2 bytes little-endian][length bytes]} (a
 * short tail is one last fragment). Before the input the subscriber learns one venue and instrument of session 0
 * through valid {@code InstrumentDefinition} messages, so trade and book paths are reachable. Each fragment is
 * copied into a buffer of exactly its length (reads past the fragment fail as they would at the end of a term).
 * Properties: no exception escapes; every book the listener saw has strictly ordered sides.
 */
class MarketSubscriberFuzzTest
{
    @FuzzTest(maxDuration = "5m")
    void fragments(final byte[] input)
    {
        final BookChecker checker = new BookChecker();
        final MarketSubscriber subscriber = new MarketSubscriber(checker);
        final UnsafeBuffer headerBuffer = new UnsafeBuffer(new byte[DataHeaderFlyweight.HEADER_LENGTH]);
        final Header header = new Header(0, 16);
        header.buffer(headerBuffer);
        header.offset(0);
        final ExpandableArrayBuffer prelude = new ExpandableArrayBuffer();
        deliver(subscriber, header, headerBuffer, 0, prelude, definition(prelude));

        int position = 0;
        while (position < input.length)
        {
            final int session = input[position] & 3;
            int length = input.length - position - 1;
            if (position + 3 <= input.length)
            {
                length = Math.min((input[position + 1] & 0xFF) | (input[position + 2] & 0xFF) << 8,
                    input.length - position - 3);
                position += 3;
            }
            else
            {
                position += 1;
            }
            final UnsafeBuffer fragment = new UnsafeBuffer(new byte[length]);
            fragment.putBytes(0, input, position, length);
            position += length;
            deliver(subscriber, header, headerBuffer, session, fragment, length);
        }
        assertThat(subscriber.received()).isEqualTo(checker.events);
    }

    private static void deliver(
        final MarketSubscriber subscriber,
        final Header header,
        final UnsafeBuffer headerBuffer,
        final int session,
        final org.agrona.DirectBuffer buffer,
        final int length)
    {
        headerBuffer.putInt(DataHeaderFlyweight.SESSION_ID_FIELD_OFFSET, session);
        subscriber.onFragment(buffer, 0, length, header);
    }

    /**
     * Writes a valid InstrumentDefinition of venue 0 / instrument 0 ("fuzz", "BTC-PERP") into the buffer.
     *
     * @return its length.
     */
    static int definition(final ExpandableArrayBuffer buffer)
    {
        final InstrumentDefinitionEncoder encoder = new InstrumentDefinitionEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.venueId(0).instrumentId(0);
        encoder.tickSize().mantissa(5).scale((byte)1);
        encoder.lotSize().mantissa(1).scale((byte)0);
        encoder.contractMultiplier().mantissa(1).scale((byte)0);
        encoder.quantityUnit(WireQuantityUnit.BASE);
        encoder.venueName("fuzz");
        encoder.symbol("BTC-PERP");
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /**
     * Writes a valid trade of venue 0 / instrument 0 into the buffer at the offset.
     *
     * @return its length.
     */
    static int trade(final ExpandableArrayBuffer buffer, final int offset)
    {
        final TradeMessageEncoder encoder = new TradeMessageEncoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
        encoder.venueId(0).instrumentId(0).exchangeTimestampNs(1).receiveTimeNs(2);
        encoder.price().mantissa(1005).scale((byte)1);
        encoder.size().mantissa(3).scale((byte)0);
        encoder.aggressor(WireSide.BUY);
        encoder.tradeId("T1");
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /**
     * Writes a valid book snapshot (two levels) of venue 0 / instrument 0 into the buffer at the offset.
     *
     * @return its length.
     */
    static int book(final ExpandableArrayBuffer buffer, final int offset)
    {
        final BookUpdateMessageEncoder encoder = new BookUpdateMessageEncoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder());
        encoder.venueId(0).instrumentId(0).exchangeTimestampNs(1).receiveTimeNs(2).snapshot(BooleanType.TRUE)
            .firstSequence(1).lastSequence(1).previousSequence(0);
        final BookUpdateMessageEncoder.LevelsEncoder levels = encoder.levelsCount(2);
        levels.next().side(WireBookSide.BID).isDelete(BooleanType.FALSE);
        levels.price().mantissa(1000).scale((byte)1);
        levels.size().mantissa(2).scale((byte)0);
        levels.next().side(WireBookSide.ASK).isDelete(BooleanType.FALSE);
        levels.price().mantissa(1010).scale((byte)1);
        levels.size().mantissa(4).scale((byte)0);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private static final class BookChecker implements MarketListener
    {
        long events;

        @Override
        public void onTrade(final io.wsnova.market.Trade trade)
        {
            events++;
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            events++;
            assertOrdered(book.side(BookSide.BID), true);
            assertOrdered(book.side(BookSide.ASK), false);
        }

        @Override
        public void onTopOfBook(final io.wsnova.market.TopOfBook top)
        {
            events++;
        }

        @Override
        public void onTicker(final io.wsnova.market.DerivativesTicker ticker)
        {
            events++;
        }

        @Override
        public void onLiquidation(final io.wsnova.market.Liquidation liquidation)
        {
            events++;
        }

        @Override
        public void onStatus(final io.wsnova.market.FeedStatus status)
        {
            events++;
        }

        private static void assertOrdered(final PriceLevels levels, final boolean descending)
        {
            final Decimal previous = new Decimal();
            final Decimal current = new Decimal();
            for (int i = 0; i < levels.depth(); i++)
            {
                levels.price(i, current);
                if (i > 0)
                {
                    final int order = current.compareTo(previous);
                    assertThat(descending ? order < 0 : order > 0).as("level %d ordered", i).isTrue();
                }
                previous.set(current);
            }
        }
    }
}

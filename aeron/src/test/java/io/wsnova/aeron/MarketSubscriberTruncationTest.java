package io.wsnova.aeron;

import io.aeron.logbuffer.Header;
import io.aeron.protocol.DataHeaderFlyweight;
import io.wsnova.market.MarketListener;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fragments whose SBE lengths point past the fragment (a truncated or foreign message on the stream): each is
 * counted as malformed and nothing escapes the polling thread. Finding of {@code MarketSubscriberFuzzTest#fragments}
 * (input {@code crash-truncated-trade-id-594cbf32}): a trade whose {@code tradeId} length ran past the fragment threw
 * {@code IndexOutOfBoundsException} out of {@link MarketSubscriber#onFragment}; a book whose {@code snapshot} or
 * {@code isDelete} byte was neither 0 nor 1 threw {@code IllegalArgumentException} (input
 * {@code crash-unknown-boolean-b0437132}).
 */
class MarketSubscriberTruncationTest
{
    private final MarketSubscriber subscriber = new MarketSubscriber(new MarketListener()
    {
    });
    private final UnsafeBuffer headerBuffer = new UnsafeBuffer(new byte[DataHeaderFlyweight.HEADER_LENGTH]);
    private final Header header = new Header(0, 16);
    private final ExpandableArrayBuffer message = new ExpandableArrayBuffer();

    MarketSubscriberTruncationTest()
    {
        header.buffer(headerBuffer);
        header.offset(0);
        deliver(message, MarketSubscriberFuzzTest.definition(message));
    }

    @Test
    void shouldCountTradeWhoseTradeIdRunsPastTheFragment()
    {
        final int length = MarketSubscriberFuzzTest.trade(message, 0);
        message.putInt(length - 6, 512, ByteOrder.LITTLE_ENDIAN);

        deliver(message, length);

        assertThat(subscriber.malformed()).isEqualTo(1);
        assertThat(subscriber.received()).isZero();
    }

    @Test
    void shouldCountEveryTruncationOfTradeAndBook()
    {
        final int tradeLength = MarketSubscriberFuzzTest.trade(message, 0);
        for (int cut = 8; cut < tradeLength; cut++)
        {
            deliver(message, cut);
        }
        final int bookLength = MarketSubscriberFuzzTest.book(message, 0);
        for (int cut = 8; cut < bookLength; cut++)
        {
            deliver(message, cut);
        }

        assertThat(subscriber.malformed()).isEqualTo(tradeLength - 8 + bookLength - 8);
        assertThat(subscriber.received()).isZero();
    }

    @Test
    void shouldCountBookWhoseLevelCountRunsPastTheFragment()
    {
        final int length = MarketSubscriberFuzzTest.book(message, 0);
        message.putShort(8 + 49 + 2, (short)60_000, ByteOrder.LITTLE_ENDIAN);

        deliver(message, length);

        assertThat(subscriber.malformed()).isEqualTo(1);
    }

    @Test
    void shouldCountMessageWithShorterBlockLengthThanItsTemplate()
    {
        final int length = MarketSubscriberFuzzTest.trade(message, 0);
        message.putShort(0, (short)4, ByteOrder.LITTLE_ENDIAN);

        deliver(message, length);

        assertThat(subscriber.malformed()).isEqualTo(1);
    }

    @Test
    void shouldCountBookWithUnknownBooleanValues()
    {
        final int length = MarketSubscriberFuzzTest.book(message, 0);
        message.putByte(8 + 24, (byte)38);
        deliver(message, length);
        MarketSubscriberFuzzTest.book(message, 0);
        message.putByte(8 + 49 + 4 + 1, (byte)7);
        deliver(message, length);

        assertThat(subscriber.malformed()).isEqualTo(2);
        assertThat(subscriber.received()).isZero();
    }

    @Test
    void shouldStillDeliverWholeMessages()
    {
        deliver(message, MarketSubscriberFuzzTest.book(message, 0));
        deliver(message, MarketSubscriberFuzzTest.trade(message, 0));

        assertThat(subscriber.received()).isEqualTo(2);
        assertThat(subscriber.malformed()).isZero();
    }

    private void deliver(final ExpandableArrayBuffer source, final int length)
    {
        final UnsafeBuffer fragment = new UnsafeBuffer(new byte[length]);
        fragment.putBytes(0, source, 0, length);
        subscriber.onFragment(fragment, 0, length, header);
    }
}

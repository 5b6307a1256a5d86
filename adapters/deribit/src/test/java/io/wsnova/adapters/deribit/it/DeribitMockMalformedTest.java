package io.wsnova.adapters.deribit.it;

import io.wsnova.mock.deribit.MockDeribitStats;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.FaultCounters;
import io.wsnova.engine.api.ConnectionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;

import static io.wsnova.adapters.deribit.it.DeribitMockFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed JSON and notifications with an unknown method, mixed into a live stream, cost nothing but themselves:
 * the malformed ones are counted and dropped, the unknown ones delivered raw, and every valid message around them
 * is delivered, counted exactly against what the exchange says it sent.
 */
@Timeout(90)
class DeribitMockMalformedTest
{
    private static final int MESSAGES_PER_SECOND = 1_000;
    /** Two rounds of the mock's six malformed shapes (truncated ticker, not JSON, bad book entry...). */
    private static final int MALFORMED = 12;
    private static final int UNKNOWN_METHODS = 5;
    private static final long MIXED_MESSAGES = 100;
    private static final long SETTLE_MS = 200L;
    private static final List<String> CHANNELS = List.of(
        DeribitMockFixture.channel(Recorder.TICKER, BTC), DeribitMockFixture.channel(Recorder.BOOK, BTC),
        DeribitMockFixture.channel(Recorder.TRADES, BTC), DeribitMockFixture.channel(Recorder.QUOTE, BTC));

    private DeribitMockFixture fixture;

    @AfterEach
    void close()
    {
        if (fixture != null)
        {
            fixture.close();
        }
    }

    @Test
    void shouldDropMalformedFramesAndDeliverUnknownMethodsRawWithoutLosingAValidMessage() throws Exception
    {
        fixture = DeribitMockFixture.start(DeribitMockFixture.config().messagesPerSecond(MESSAGES_PER_SECOND));
        final Connection connection = fixture.connect();
        final FaultCounters faults = connection.faultCounters();
        DeribitMockFixture.subscribe(connection, CHANNELS);
        fixture.awaitMessages(CHANNELS, new long[CHANNELS.size()], 5);
        fixture.exchange.pauseMarketData();
        DeribitMockFixture.pause(SETTLE_MS);
        thenTheClientGotEveryMessageTheExchangeSent();
        final MockDeribitStats stats = fixture.exchange.stats();
        final long[] sentBefore = fixture.mockMessagesSent(CHANNELS);
        final long[] gotBefore = fixture.recorder.messagesByChannel(CHANNELS);
        final long malformedBefore = faults.malformedMessages().get();
        final long rawBefore = fixture.recorder.rawMessages();
        final long unknownBefore = fixture.recorder.unknownMethodMessages();
        final long mockMalformedBefore = stats.malformedSent();
        final long mockUnknownBefore = stats.unknownMethodsSent();

        fixture.exchange.resumeMarketData();
        fixture.exchange.injectMalformed(MALFORMED);
        fixture.exchange.injectUnknownMethods(UNKNOWN_METHODS);
        fixture.await("the injected frames and " + MIXED_MESSAGES + " messages sent", () ->
            stats.malformedSent() - mockMalformedBefore == MALFORMED &&
            stats.unknownMethodsSent() - mockUnknownBefore == UNKNOWN_METHODS &&
            sum(fixture.mockMessagesSent(CHANNELS)) - sum(sentBefore) >= MIXED_MESSAGES);
        fixture.exchange.pauseMarketData();
        DeribitMockFixture.pause(SETTLE_MS);

        fixture.await("the injected frames handled", () ->
            faults.malformedMessages().get() - malformedBefore == MALFORMED &&
            fixture.recorder.unknownMethodMessages() - unknownBefore == UNKNOWN_METHODS);
        thenTheClientGotEveryMessageTheExchangeSent();
        final long[] sent = fixture.mockMessagesSent(CHANNELS);
        final long[] got = fixture.recorder.messagesByChannel(CHANNELS);
        for (int i = 0; i < CHANNELS.size(); i++)
        {
            assertThat(sent[i] - sentBefore[i]).as("sent on " + CHANNELS.get(i) + " in the window").isPositive();
            assertThat(got[i] - gotBefore[i]).as("delivered on " + CHANNELS.get(i) + " in the window")
                .isEqualTo(sent[i] - sentBefore[i]);
        }
        assertThat(faults.malformedMessages().get() - malformedBefore).as("malformed dropped").isEqualTo(MALFORMED);
        assertThat(fixture.recorder.rawMessages() - rawBefore).as("delivered raw").isEqualTo(UNKNOWN_METHODS);
        assertThat(fixture.recorder.book(BTC).resyncCount()).as("book resyncs").isZero();
        assertThat(fixture.recorder.disconnects()).isZero();
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
    }

    /**
     * With market data paused: the client's count per channel reaches the exchange's, exactly.
     */
    private void thenTheClientGotEveryMessageTheExchangeSent()
    {
        fixture.await("the client's count equal to the exchange's on every channel", () ->
            Arrays.equals(fixture.recorder.messagesByChannel(CHANNELS), fixture.mockMessagesSent(CHANNELS)),
            () -> "client " + Arrays.toString(fixture.recorder.messagesByChannel(CHANNELS)) + ", exchange " +
                Arrays.toString(fixture.mockMessagesSent(CHANNELS)));
    }

    private static long sum(final long[] values)
    {
        return Arrays.stream(values).sum();
    }
}

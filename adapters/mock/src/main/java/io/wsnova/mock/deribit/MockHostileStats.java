package io.wsnova.mock.deribit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the hostile server wrote, for exact accounting: a notification counts as written once every byte of it is in
 * the socket (a drop shuts the output down after that, so the client can read all of it); one queued but never
 * written is counted as discarded. Trade sequence numbers and book change ids are recorded per instrument in the
 * order written. Any thread may read; values may move while being read.
 */
public final class MockHostileStats
{
    final AtomicLong framesWritten = new AtomicLong();
    final AtomicLong continuationFrames = new AtomicLong();
    final AtomicLong emptyFragments = new AtomicLong();
    final AtomicLong fragmentedMessages = new AtomicLong();
    final AtomicLong byteFragmentedMessages = new AtomicLong();
    final AtomicLong pingsSent = new AtomicLong();
    final AtomicLong unsolicitedPongsSent = new AtomicLong();
    final AtomicLong pongsAnswered = new AtomicLong();
    final AtomicLong socketWrites = new AtomicLong();
    final AtomicLong coalescedBatches = new AtomicLong();
    final AtomicLong stalls = new AtomicLong();
    final AtomicLong stallMs = new AtomicLong();
    final AtomicLong duplicateResponsesWritten = new AtomicLong();
    final AtomicLong lateResponsesWritten = new AtomicLong();
    final AtomicLong responsesWritten = new AtomicLong();
    final AtomicLong bytesWritten = new AtomicLong();
    final AtomicLong rewrittenMessages = new AtomicLong();
    final AtomicLong drops = new AtomicLong();

    private final Map<String, AtomicLong> writtenByChannelMap = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> discardedByChannelMap = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedQueue<Long>> tradeSeqsByInstrumentMap = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedQueue<Long>> changeIdsByInstrumentMap = new ConcurrentHashMap<>();

    MockHostileStats()
    {
    }

    void onNotificationWritten(final MockChannel channel, final long[] tradeSeqs, final long changeId)
    {
        writtenByChannelMap.computeIfAbsent(channel.name, name -> new AtomicLong()).incrementAndGet();
        final String instrument = channel.instrument.name;
        if (tradeSeqs != null)
        {
            final ConcurrentLinkedQueue<Long> seqs =
                tradeSeqsByInstrumentMap.computeIfAbsent(instrument, name -> new ConcurrentLinkedQueue<>());
            for (final long seq : tradeSeqs)
            {
                seqs.add(seq);
            }
        }
        if (channel.kind == MockChannel.BOOK)
        {
            changeIdsByInstrumentMap.computeIfAbsent(instrument, name -> new ConcurrentLinkedQueue<>()).add(changeId);
        }
    }

    void onNotificationDiscarded(final MockChannel channel)
    {
        discardedByChannelMap.computeIfAbsent(channel.name, name -> new AtomicLong()).incrementAndGet();
    }

    /**
     * Notifications of a channel written completely to a socket.
     *
     * @param channel the channel name.
     * @return the count.
     */
    public long messagesWritten(final String channel)
    {
        final AtomicLong count = writtenByChannelMap.get(channel);
        return count == null ? 0 : count.get();
    }

    /**
     * Notifications of a channel queued but never written (the connection dropped or closed first).
     *
     * @param channel the channel name.
     * @return the count.
     */
    public long messagesDiscarded(final String channel)
    {
        final AtomicLong count = discardedByChannelMap.get(channel);
        return count == null ? 0 : count.get();
    }

    /**
     * The {@code trade_seq} of every trade written, on every trades channel and connection, in write order.
     *
     * @param instrument the instrument name.
     * @return a copy.
     */
    public long[] tradeSeqsWritten(final String instrument)
    {
        return copy(tradeSeqsByInstrumentMap.get(instrument));
    }

    /**
     * The {@code change_id} of every book notification (snapshot or change) written, in write order.
     *
     * @param instrument the instrument name.
     * @return a copy.
     */
    public long[] changeIdsWritten(final String instrument)
    {
        return copy(changeIdsByInstrumentMap.get(instrument));
    }

    private static long[] copy(final ConcurrentLinkedQueue<Long> values)
    {
        if (values == null)
        {
            return new long[0];
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * WebSocket frames written (data and control).
     *
     * @return the count.
     */
    public long framesWritten()
    {
        return framesWritten.get();
    }

    /**
     * Continuation frames written.
     *
     * @return the count.
     */
    public long continuationFrames()
    {
        return continuationFrames.get();
    }

    /**
     * Zero-length data fragments written.
     *
     * @return the count.
     */
    public long emptyFragments()
    {
        return emptyFragments.get();
    }

    /**
     * Messages sent in more than one frame.
     *
     * @return the count.
     */
    public long fragmentedMessages()
    {
        return fragmentedMessages.get();
    }

    /**
     * Messages sent one byte a frame.
     *
     * @return the count.
     */
    public long byteFragmentedMessages()
    {
        return byteFragmentedMessages.get();
    }

    /**
     * Pings sent by the server (between fragments or messages).
     *
     * @return the count.
     */
    public long pingsSent()
    {
        return pingsSent.get();
    }

    /**
     * Unsolicited pongs sent.
     *
     * @return the count.
     */
    public long unsolicitedPongsSent()
    {
        return unsolicitedPongsSent.get();
    }

    /**
     * Pongs answering the client's pings.
     *
     * @return the count.
     */
    public long pongsAnswered()
    {
        return pongsAnswered.get();
    }

    /**
     * Socket write calls.
     *
     * @return the count.
     */
    public long socketWrites()
    {
        return socketWrites.get();
    }

    /**
     * Writes that carried more than one message.
     *
     * @return the count.
     */
    public long coalescedBatches()
    {
        return coalescedBatches.get();
    }

    /**
     * Writer stalls.
     *
     * @return the count.
     */
    public long stalls()
    {
        return stalls.get();
    }

    /**
     * Total stall time.
     *
     * @return milliseconds.
     */
    public long stallMs()
    {
        return stallMs.get();
    }

    /**
     * Second copies of responses written (each one a response for an id already answered).
     *
     * @return the count.
     */
    public long duplicateResponsesWritten()
    {
        return duplicateResponsesWritten.get();
    }

    /**
     * Responses written after {@link MockDeribitConfig#lateResponseDelayMs()}.
     *
     * @return the count.
     */
    public long lateResponsesWritten()
    {
        return lateResponsesWritten.get();
    }

    /**
     * JSON-RPC responses written (duplicates and late ones included).
     *
     * @return the count.
     */
    public long responsesWritten()
    {
        return responsesWritten.get();
    }

    /**
     * Bytes written after the upgrade.
     *
     * @return the count.
     */
    public long bytesWritten()
    {
        return bytesWritten.get();
    }

    /**
     * Messages whose JSON text was rewritten.
     *
     * @return the count.
     */
    public long rewrittenMessages()
    {
        return rewrittenMessages.get();
    }

    /**
     * Connections dropped (output shut down without a close frame).
     *
     * @return the count.
     */
    public long drops()
    {
        return drops.get();
    }

    @Override
    public String toString()
    {
        return "MockHostileStats{frames=" + framesWritten + ", continuations=" + continuationFrames +
            ", emptyFragments=" + emptyFragments + ", fragmentedMessages=" + fragmentedMessages +
            ", byteFragmented=" + byteFragmentedMessages + ", pings=" + pingsSent +
            ", unsolicitedPongs=" + unsolicitedPongsSent + ", pongsAnswered=" + pongsAnswered +
            ", writes=" + socketWrites + ", coalescedBatches=" + coalescedBatches + ", stalls=" + stalls +
            ", stallMs=" + stallMs + ", responses=" + responsesWritten + ", duplicates=" + duplicateResponsesWritten +
            ", late=" + lateResponsesWritten + ", rewritten=" + rewrittenMessages + ", bytes=" + bytesWritten +
            ", drops=" + drops + '}';
    }
}

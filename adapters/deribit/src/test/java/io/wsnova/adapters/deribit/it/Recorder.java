package io.wsnova.adapters.deribit.it;

import io.wsnova.adapters.deribit.DeribitBookResync;
import io.wsnova.market.PriceLevels;
import io.wsnova.adapters.deribit.DeribitMarketListener;
import io.wsnova.adapters.deribit.DeribitOrderBook;
import io.wsnova.adapters.deribit.DeribitQuote;
import io.wsnova.adapters.deribit.DeribitTicker;
import io.wsnova.adapters.deribit.DeribitTrade;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.LoggingHandler;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Everything the client tells the application, recorded for the end-to-end tests: market data counted per
 * (kind, instrument) on the message thread, connection events and log lines as text (to look for secrets), the
 * books and their resyncs. Every read is safe from the test thread.
 */
final class Recorder implements DeribitMarketListener, ConnectionListener, LoggingHandler
{
    static final int TICKER = 0;
    static final int BOOK = 1;
    static final int TRADES = 2;
    static final int QUOTE = 3;
    static final String[] KIND_NAMES = {"ticker", "book", "trades", "quote"};
    static final String UNKNOWN_METHOD = "mock/unknown_method";

    /**
     * The top levels of a book as the client holds them, copied on the message thread after an applied update.
     *
     * @param changeId the book's change id.
     * @param bids     {@code "price amount"} per level, best first, exactly as the venue printed them.
     * @param asks     the same for the asks.
     */
    record BookView(long changeId, List<String> bids, List<String> asks)
    {
    }

    /**
     * One book state the client delivered, for the soak's oracle: levels as {@code "price amount"} with both
     * numbers normalised ({@code BigDecimal}, trailing zeros stripped, plain), so that any valid form of the same
     * value compares equal; a text the client printed that is not a number is kept as printed.
     *
     * @param changeId the book's change id.
     * @param snapshot whether the update was a snapshot.
     * @param bids     the top levels, best first.
     * @param asks     the same for the asks.
     */
    record BookState(long changeId, boolean snapshot, List<String> bids, List<String> asks)
    {
    }

    private final AtomicLong[][] messages = new AtomicLong[KIND_NAMES.length][DeribitMockFixture.INSTRUMENTS.size()];
    private final AtomicReferenceArray<DeribitOrderBook> books =
        new AtomicReferenceArray<>(DeribitMockFixture.INSTRUMENTS.size());
    private final AtomicReferenceArray<BookView> bookViews =
        new AtomicReferenceArray<>(DeribitMockFixture.INSTRUMENTS.size());
    private final AtomicLong rawMessages = new AtomicLong();
    private final AtomicLong unknownMethodMessages = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong reconnectAttempts = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong closes = new AtomicLong();
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> resyncs = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CloseStatus> disconnectStatuses = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> reconnectDelaysMs = new ConcurrentLinkedQueue<>();
    private volatile Connection connection;
    private volatile boolean captureBooks;
    private volatile int historyDepth;
    private final List<ConcurrentLinkedQueue<BookState>> bookHistory = List.of(
        new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
    private final Set<DeribitOrderBook> everyBook = ConcurrentHashMap.newKeySet();
    private final List<ConcurrentLinkedQueue<Long>> tradeSeqs = List.of(
        new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
    private volatile long lastDisconnectNs;
    private volatile long lastReconnectNs;

    Recorder()
    {
        for (final AtomicLong[] byInstrument : messages)
        {
            for (int i = 0; i < byInstrument.length; i++)
            {
                byInstrument[i] = new AtomicLong();
            }
        }
    }

    // ---------------------------------------------------------------- market data (message thread)

    @Override
    public void onTicker(final DeribitTicker ticker)
    {
        count(TICKER, ticker.instrumentName());
    }

    @Override
    public void onBook(final DeribitOrderBook book)
    {
        final int instrument = count(BOOK, book.instrumentName());
        if (instrument < 0)
        {
            return;
        }
        books.set(instrument, book);
        everyBook.add(book);
        if (captureBooks)
        {
            bookViews.set(instrument, new BookView(book.changeId(), levels(book.bids()), levels(book.asks())));
        }
        final int depth = historyDepth;
        if (depth > 0)
        {
            bookHistory.get(instrument).add(new BookState(book.changeId(), book.isSnapshot(),
                normalisedLevels(book.bids(), depth), normalisedLevels(book.asks(), depth)));
        }
    }

    @Override
    public void onResync(final DeribitOrderBook book, final DeribitBookResync reason)
    {
        resyncs.add(book.channel() + " " + reason + " " + book.resyncCount());
        everyBook.add(book);
    }

    @Override
    public void onTrade(final DeribitTrade trade)
    {
        if (trade.indexInMessage() == 0)
        {
            count(TRADES, trade.instrumentName());
        }
        final int instrument = DeribitMockFixture.instrumentIndex(trade.instrumentName());
        if (historyDepth > 0 && instrument >= 0)
        {
            tradeSeqs.get(instrument).add(trade.tradeSeq());
        }
    }

    @Override
    public void onQuote(final DeribitQuote quote)
    {
        count(QUOTE, quote.instrumentName());
    }

    @Override
    public void onRaw(final InboundMessage message)
    {
        rawMessages.incrementAndGet();
        if (message.asString().contains(UNKNOWN_METHOD))
        {
            unknownMethodMessages.incrementAndGet();
        }
    }

    private int count(final int kind, final CharSequence instrumentName)
    {
        final int instrument = DeribitMockFixture.instrumentIndex(instrumentName);
        if (instrument >= 0)
        {
            messages[kind][instrument].incrementAndGet();
        }
        return instrument;
    }

    private static List<String> normalisedLevels(final PriceLevels side, final int maxLevels)
    {
        final int depth = Math.min(maxLevels, side.depth());
        final List<String> levels = new ArrayList<>(depth);
        final StringBuilder text = new StringBuilder(32);
        for (int level = 0; level < depth; level++)
        {
            text.setLength(0);
            final String price = normalised(side.appendPrice(level, text).toString());
            text.setLength(0);
            levels.add(price + " " + normalised(side.appendSize(level, text).toString()));
        }
        return levels;
    }

    /**
     * A decimal text in one canonical form (plain, no trailing zeros), or the text itself if it is not a number.
     */
    static String normalised(final String decimal)
    {
        try
        {
            final BigDecimal value = new BigDecimal(decimal.trim());
            return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
        }
        catch (final NumberFormatException ex)
        {
            return decimal;
        }
    }

    private static List<String> levels(final PriceLevels side)
    {
        final int depth = Math.min(DeribitMockFixture.COMPARED_DEPTH, side.depth());
        final List<String> levels = new ArrayList<>(depth);
        final StringBuilder text = new StringBuilder(32);
        for (int level = 0; level < depth; level++)
        {
            text.setLength(0);
            side.appendPrice(level, text).append(' ');
            levels.add(side.appendSize(level, text).toString());
        }
        return levels;
    }

    // ---------------------------------------------------------------- connection events (event thread)

    @Override
    public void onConnected(final Connection connection)
    {
        this.connection = connection;
        connects.incrementAndGet();
        events.add("connected " + connection);
    }

    @Override
    public void onDisconnected(final Connection connection, final CloseStatus status)
    {
        lastDisconnectNs = System.nanoTime();
        disconnectStatuses.add(status);
        disconnects.incrementAndGet();
        events.add("disconnected " + status + describe(status.cause()));
    }

    @Override
    public void onReconnecting(final Connection connection, final int attempt, final long delayMs)
    {
        reconnectDelaysMs.add(delayMs);
        reconnectAttempts.incrementAndGet();
        events.add("reconnecting " + attempt + " in " + delayMs + " ms");
    }

    @Override
    public void onReconnected(final Connection connection)
    {
        lastReconnectNs = System.nanoTime();
        reconnects.incrementAndGet();
        events.add("reconnected " + connection);
    }

    @Override
    public void onGaveUp(final Connection connection, final int attempts, final CloseStatus status)
    {
        events.add("gave up after " + attempts + ": " + status + describe(status.cause()));
    }

    @Override
    public void onClosed(final Connection connection, final CloseStatus status)
    {
        closes.incrementAndGet();
        events.add("closed " + status + describe(status.cause()));
    }

    @Override
    public void onAuthenticated(final Connection connection)
    {
        events.add("authenticated " + connection);
    }

    @Override
    public void onSubscriptionConfirmed(final Connection connection, final Subscription subscription)
    {
        events.add("confirmed " + subscription.channel() + " " + subscription);
    }

    @Override
    public void onSubscriptionFailed(final Connection connection, final Subscription subscription)
    {
        events.add("failed " + subscription.channel() + " " + subscription + describe(subscription.failure()));
    }

    @Override
    public void onError(final Connection connection, final String message, final Throwable cause)
    {
        events.add("error " + message + describe(cause));
    }

    // ---------------------------------------------------------------- logging (any thread)

    @Override
    public Level level()
    {
        return Level.DEBUG;
    }

    @Override
    public void log(final Level level, final String event, final Map<String, ?> fields)
    {
        logs.add(level + " " + event + " " + fields);
    }

    /**
     * A throwable and its causes as text: class, message and {@code toString()} of each.
     */
    static String describe(final Throwable failure)
    {
        final StringBuilder text = new StringBuilder();
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 8; depth++)
        {
            text.append(" | ").append(cause).append(" / ").append(cause.getMessage());
            cause = cause.getCause();
        }
        return text.toString();
    }

    // ---------------------------------------------------------------- reads (test thread)

    void captureBooks(final boolean capture)
    {
        captureBooks = capture;
    }

    /**
     * Records every delivered book state (top {@code depth} levels a side) and every trade's sequence number.
     *
     * @param depth levels a side; 0 stops recording.
     */
    void recordHistory(final int depth)
    {
        historyDepth = depth;
    }

    /**
     * Every book object the client passed to {@code onBook} or {@code onResync} (a book refused from its first
     * snapshot on is seen only through its resyncs).
     */
    List<DeribitOrderBook> everyBook()
    {
        return List.copyOf(everyBook);
    }

    List<BookState> bookHistory(final String instrument)
    {
        return List.copyOf(bookHistory.get(DeribitMockFixture.instrumentIndex(instrument)));
    }

    long[] tradeSeqs(final String instrument)
    {
        return tradeSeqs.get(DeribitMockFixture.instrumentIndex(instrument)).stream()
            .mapToLong(Long::longValue).toArray();
    }

    long messages(final int kind, final String instrument)
    {
        return messages[kind][DeribitMockFixture.instrumentIndex(instrument)].get();
    }

    long[] messagesByChannel(final List<String> channels)
    {
        final long[] counts = new long[channels.size()];
        for (int i = 0; i < counts.length; i++)
        {
            final String channel = channels.get(i);
            counts[i] = messages(DeribitMockFixture.kindOf(channel), DeribitMockFixture.instrumentOf(channel));
        }
        return counts;
    }

    DeribitOrderBook book(final String instrument)
    {
        return books.get(DeribitMockFixture.instrumentIndex(instrument));
    }

    BookView bookView(final String instrument)
    {
        return bookViews.get(DeribitMockFixture.instrumentIndex(instrument));
    }

    List<String> resyncs()
    {
        return List.copyOf(resyncs);
    }

    long rawMessages()
    {
        return rawMessages.get();
    }

    long unknownMethodMessages()
    {
        return unknownMethodMessages.get();
    }

    Connection connection()
    {
        return connection;
    }

    long connects()
    {
        return connects.get();
    }

    long disconnects()
    {
        return disconnects.get();
    }

    List<CloseStatus> disconnectStatuses()
    {
        return List.copyOf(disconnectStatuses);
    }

    long reconnectAttempts()
    {
        return reconnectAttempts.get();
    }

    List<Long> reconnectDelaysMs()
    {
        return List.copyOf(reconnectDelaysMs);
    }

    long reconnects()
    {
        return reconnects.get();
    }

    long closes()
    {
        return closes.get();
    }

    long lastDisconnectNs()
    {
        return lastDisconnectNs;
    }

    long lastReconnectNs()
    {
        return lastReconnectNs;
    }

    List<String> events()
    {
        return List.copyOf(events);
    }

    /**
     * Every event and log line seen so far, one a line.
     */
    String everything()
    {
        return String.join("\n", events) + "\n" + String.join("\n", logs);
    }
}

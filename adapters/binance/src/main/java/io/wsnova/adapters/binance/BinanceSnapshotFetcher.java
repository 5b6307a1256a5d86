package io.wsnova.adapters.binance;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.LevelArrays;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Fetches the REST depth snapshot ({@code GET <base><depthPath>?symbol=X&limit=N}) with {@code java.net.http} on
 * the adapter's control thread, never on the reader: the request is scheduled (after the resync backoff), sent
 * asynchronously, its body parsed into a new snapshot {@link BookUpdate} ({@code lastUpdateId} as its sequence) and
 * handed to the book's slot, which the message thread polls. Control plane: allocates per fetch.
 */
final class BinanceSnapshotFetcher
{
    /** A fetch's outcome, handed from the control thread to the message thread. */
    static final class Result
    {
        final int generation;
        final BookUpdate snapshot;
        final String failure;

        Result(final int generation, final BookUpdate snapshot, final String failure)
        {
            this.generation = generation;
            this.snapshot = snapshot;
            this.failure = failure;
        }
    }

    private static final byte[] LAST_UPDATE_ID = "lastUpdateId".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BIDS = "bids".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ASKS = "asks".getBytes(StandardCharsets.US_ASCII);
    static final ScheduledExecutorService TIMER = timer();

    private final HttpClient client;
    private final String restBaseUrl;
    private final String depthPath;
    private final int limit;
    private final long timeoutMs;
    private final ScheduledExecutorService delays;
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    BinanceSnapshotFetcher(final String restBaseUrl, final String depthPath, final int limit, final long timeoutMs)
    {
        this(restBaseUrl, depthPath, limit, timeoutMs, TIMER);
    }

    /**
     * A fetcher whose fetch delays (the resync backoff) run on {@code delays} (a test's fake clock timer); the HTTP
     * exchange and its completion stay on the control thread.
     */
    BinanceSnapshotFetcher(final String restBaseUrl, final String depthPath, final int limit, final long timeoutMs,
        final ScheduledExecutorService delays)
    {
        this.delays = delays;
        this.restBaseUrl = restBaseUrl.endsWith("/") ? restBaseUrl.substring(0, restBaseUrl.length() - 1) :
            restBaseUrl;
        this.depthPath = depthPath;
        this.limit = limit;
        this.timeoutMs = timeoutMs;
        this.client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(timeoutMs))
            .executor(TIMER)
            .build();
    }

    /**
     * Runs {@code task} on the adapter's control thread after {@code delayMs}.
     */
    static void schedule(final Runnable task, final long delayMs)
    {
        TIMER.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Fetches the snapshot of {@code symbol} after {@code delayMs} and sets the outcome into {@code slot}.
     */
    void fetch(final String symbol, final long delayMs, final int generation, final AtomicReference<Result> slot,
        final Consumer<Result> onDone)
    {
        delays.schedule(() -> send(symbol, generation, slot, onDone), delayMs, TimeUnit.MILLISECONDS);
    }

    long fetchCount()
    {
        return fetches.get();
    }

    long failureCount()
    {
        return failures.get();
    }

    String url(final String symbol)
    {
        return restBaseUrl + depthPath + "?symbol=" + symbol + "&limit=" + limit;
    }

    private void send(final String symbol, final int generation, final AtomicReference<Result> slot,
        final Consumer<Result> onDone)
    {
        fetches.incrementAndGet();
        final HttpRequest request;
        try
        {
            request = HttpRequest.newBuilder(URI.create(url(symbol))).timeout(Duration.ofMillis(timeoutMs)).GET()
                .build();
        }
        catch (final IllegalArgumentException ex)
        {
            complete(slot, onDone, new Result(generation, null, "bad snapshot URL: " + ex.getMessage()));
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenCompleteAsync((response, error) ->
        {
            if (error != null)
            {
                complete(slot, onDone, new Result(generation, null, "snapshot request failed: " + error));
            }
            else if (response.statusCode() != 200)
            {
                complete(slot, onDone, new Result(generation, null, "snapshot HTTP " + response.statusCode()));
            }
            else
            {
                final BookUpdate snapshot = parse(response.body());
                complete(slot, onDone, snapshot == null ?
                    new Result(generation, null, "snapshot body malformed") : new Result(generation, snapshot, null));
            }
        }, TIMER); // the completion on the control thread, not the HTTP client's (common pool) thread
    }

    private void complete(final AtomicReference<Result> slot, final Consumer<Result> onDone, final Result result)
    {
        if (result.failure != null)
        {
            failures.incrementAndGet();
        }
        offer(slot, result);
        if (onDone != null)
        {
            onDone.accept(result);
        }
    }

    /**
     * Puts a fetch's result into the book's slot unless the slot holds the result of a newer sync: fetches of an
     * abandoned sync (a gap or a reconnect restarted it) may complete after the current one's, and must not
     * overwrite it (the book would then wait forever for a result it already had).
     */
    static void offer(final AtomicReference<Result> slot, final Result result)
    {
        slot.accumulateAndGet(result, (current, next) ->
            current != null && current.generation > next.generation ? current : next);
    }

    /**
     * Parses a depth snapshot body; null when malformed (no {@code lastUpdateId}, a bad level).
     */
    static BookUpdate parse(final byte[] body)
    {
        final JsonParser parser = new JsonParser();
        final BookUpdate snapshot = new BookUpdate().reset(true);
        final Decimal price = new Decimal();
        final Decimal size = new Decimal();
        long lastUpdateId = BookUpdate.NO_SEQUENCE;
        if (parser.wrap(body, 0, body.length) != JsonParser.ERROR_NONE ||
            parser.nextToken() != JsonParser.START_OBJECT)
        {
            return null;
        }
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(LAST_UPDATE_ID) && parser.nextToken() == JsonParser.NUMBER)
            {
                lastUpdateId = parser.readLong();
            }
            else if (parser.nameEquals(BIDS) && parser.nextToken() == JsonParser.START_ARRAY)
            {
                if (!LevelArrays.read(parser, BookSide.BID, snapshot, price, size))
                {
                    return null;
                }
            }
            else if (parser.nameEquals(ASKS) && parser.nextToken() == JsonParser.START_ARRAY)
            {
                if (!LevelArrays.read(parser, BookSide.ASK, snapshot, price, size))
                {
                    return null;
                }
            }
            else
            {
                parser.skipValue();
            }
        }
        if (parser.hasError() || lastUpdateId == BookUpdate.NO_SEQUENCE)
        {
            return null;
        }
        snapshot.sequences(lastUpdateId, lastUpdateId, BookUpdate.NO_SEQUENCE);
        return snapshot;
    }

    private static ScheduledExecutorService timer()
    {
        final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "wsnova-binance-control");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}

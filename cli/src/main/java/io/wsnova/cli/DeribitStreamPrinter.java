package io.wsnova.cli;

import io.wsnova.adapters.deribit.DeribitBookResync;
import io.wsnova.adapters.deribit.DeribitBookStatus;
import io.wsnova.adapters.deribit.DeribitMarketListener;
import io.wsnova.adapters.deribit.DeribitOrderBook;
import io.wsnova.adapters.deribit.DeribitQuote;
import io.wsnova.adapters.deribit.DeribitTicker;
import io.wsnova.adapters.deribit.DeribitTrade;

import java.util.Locale;

/**
 * Prints Deribit's events as {@code ./nova stream} lines with the cli's {@link MarketJson} (Deribit's extra fields:
 * {@code trade_seq}, the ticker's best bid and ask and funding, book statuses). Market events run on the message
 * thread; book statuses also on the event or book timer thread: {@link StreamOutput} serialises the lines, and the
 * market lines share one {@link MarketJson} that only the message thread uses.
 */
final class DeribitStreamPrinter implements DeribitMarketListener
{
    private final StreamArgs args;
    private final StreamOutput output;
    private final MarketJson marketJson = new MarketJson();

    DeribitStreamPrinter(final StreamArgs args, final StreamOutput output)
    {
        this.args = args;
        this.output = output;
    }

    @Override
    public void onTicker(final DeribitTicker ticker)
    {
        output.market(marketJson.ticker(args.channelFor("ticker.", ticker.instrumentName()), ticker));
    }

    @Override
    public void onBook(final DeribitOrderBook book)
    {
        output.market(marketJson.book(book));
    }

    @Override
    public void onTrade(final DeribitTrade trade)
    {
        output.market(marketJson.trade(args.channelFor("trades.", trade.instrumentName()), trade));
    }

    @Override
    public void onQuote(final DeribitQuote quote)
    {
        output.market(marketJson.quote(args.channelFor("quote.", quote.instrumentName()), quote));
    }

    @Override
    public void onResync(final DeribitOrderBook book, final DeribitBookResync reason)
    {
        output.emit(MarketJson.status("resync", "channel", book.channel(), "reason",
            reason.name().toLowerCase(Locale.ROOT)));
    }

    /**
     * Every book state change as a status line: {@code "state":"book"} with the channel, the status
     * ({@code snapshot_applied}, {@code gap_detected}, {@code unapplicable}, {@code resync_requested},
     * {@code resync_timeout}, {@code resync_done}, {@code stale_on_disconnect}, {@code restored},
     * {@code resync_escalated}, {@code resync_failed}), whether the book is stale, its change id and the
     * resync try.
     */
    @Override
    public void onBookStatus(final DeribitOrderBook book, final DeribitBookStatus status)
    {
        output.status(MarketJson.status("book", "channel", book.channel(), "status",
            status.name().toLowerCase(Locale.ROOT), "stale", book.isStale(),
            "change_id", book.changeId(), "resync_attempt", book.resyncAttempt()));
    }
}

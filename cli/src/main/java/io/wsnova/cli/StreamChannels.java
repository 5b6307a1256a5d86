package io.wsnova.cli;

import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.MarketEvent;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Finds the {@code --channel} a market-model event belongs to, for the {@code channel} field, from the venue's own
 * channel names: a channel belongs to an instrument when it holds the instrument's symbol as a whole token (case
 * ignored; a token ends at anything but a letter, digit, {@code -} or {@code _}: {@code btcusdt@depth},
 * {@code orderbook.50.BTCUSDT}, {@code books:BTC-USDT}), and has a kind from its name: {@code bookTicker},
 * {@code bbo}, {@code quote} a top of book; {@code forceOrder}, {@code liquidation} a liquidation;
 * {@code markPrice}, {@code ticker}, {@code funding} a ticker; {@code trade} (any case: {@code aggTrade},
 * {@code publicTrade}, {@code market_trades}) a trade; {@code depth}, {@code book}, {@code level2}, {@code l2} a
 * book. An event takes the first channel of its instrument and kind, else the first of its instrument, else the
 * only channel, else null; a status takes its book's channel ({@code null} for a connection-wide status).
 * <p>
 * Resolved once per instrument and kind (cold), then read from an array. Used under the stream's output lock.
 */
final class StreamChannels
{
    static final int BOOK = 0;
    static final int TRADE = 1;
    static final int TOP = 2;
    static final int TICKER = 3;
    static final int LIQUIDATION = 4;
    static final int UNKNOWN = 5;
    private static final int KINDS = 5;

    private final List<String> channels;
    private final String[] lowerCase;
    private final int[] kinds;
    private final InstrumentRegistry registry;
    private String[][] resolved = new String[KINDS][16];
    private boolean[][] done = new boolean[KINDS][16];

    StreamChannels(final List<String> channels, final InstrumentRegistry registry)
    {
        this.channels = channels;
        this.registry = registry;
        lowerCase = new String[channels.size()];
        kinds = new int[channels.size()];
        for (int i = 0; i < channels.size(); i++)
        {
            lowerCase[i] = channels.get(i).toLowerCase(Locale.ROOT);
            kinds[i] = kindOf(lowerCase[i]);
        }
    }

    /**
     * The kind of a channel from its name.
     *
     * @param channel the channel, lower case.
     * @return {@link #BOOK}, {@link #TRADE}, {@link #TOP}, {@link #TICKER}, {@link #LIQUIDATION} or
     * {@link #UNKNOWN}.
     */
    static int kindOf(final String channel)
    {
        if (channel.contains("bookticker") || channel.contains("bbo") || channel.contains("quote"))
        {
            return TOP;
        }
        if (channel.contains("forceorder") || channel.contains("liquidation"))
        {
            return LIQUIDATION;
        }
        if (channel.contains("markprice") || channel.contains("ticker") || channel.contains("funding"))
        {
            return TICKER;
        }
        if (channel.contains("trade"))
        {
            return TRADE;
        }
        if (channel.contains("depth") || channel.contains("book") || channel.contains("level2") ||
            channel.contains("l2"))
        {
            return BOOK;
        }
        return UNKNOWN;
    }

    /**
     * The channel of an event.
     *
     * @param kind         the event's kind.
     * @param instrumentId the event's instrument, or {@link MarketEvent#NO_INSTRUMENT}.
     * @return the channel as given, or null.
     */
    String channel(final int kind, final int instrumentId)
    {
        if (instrumentId == MarketEvent.NO_INSTRUMENT || instrumentId < 0)
        {
            return null;
        }
        if (instrumentId >= resolved[kind].length)
        {
            final int capacity = Math.max(instrumentId + 1, resolved[kind].length * 2);
            for (int k = 0; k < KINDS; k++)
            {
                resolved[k] = Arrays.copyOf(resolved[k], capacity);
                done[k] = Arrays.copyOf(done[k], capacity);
            }
        }
        if (!done[kind][instrumentId])
        {
            resolved[kind][instrumentId] = resolve(kind, registry.symbol(instrumentId).toLowerCase(Locale.ROOT));
            done[kind][instrumentId] = true;
        }
        return resolved[kind][instrumentId];
    }

    private String resolve(final int kind, final String symbol)
    {
        int sameSymbol = -1;
        for (int i = 0; i < lowerCase.length; i++)
        {
            if (holdsToken(lowerCase[i], symbol))
            {
                if (kinds[i] == kind)
                {
                    return channels.get(i);
                }
                sameSymbol = sameSymbol < 0 ? i : sameSymbol;
            }
        }
        if (sameSymbol >= 0)
        {
            return channels.get(sameSymbol);
        }
        return channels.size() == 1 ? channels.get(0) : null;
    }

    static boolean holdsToken(final String channel, final String symbol)
    {
        if (symbol.isEmpty())
        {
            return false;
        }
        for (int at = channel.indexOf(symbol); at >= 0; at = channel.indexOf(symbol, at + 1))
        {
            final int end = at + symbol.length();
            if ((at == 0 || !tokenChar(channel.charAt(at - 1))) && (end == channel.length() ||
                !tokenChar(channel.charAt(end))))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean tokenChar(final char c)
    {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_';
    }
}

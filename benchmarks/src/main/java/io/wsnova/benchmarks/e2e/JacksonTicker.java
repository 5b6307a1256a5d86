package io.wsnova.benchmarks.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.io.InputStream;

/**
 * What a peer client's user does with a message: Jackson into plain objects (doubles and Strings), one
 * {@link ObjectMapper} configured once and a cached reader, unknown fields ignored. The latency stamp is read
 * separately at a fixed offset, so the POJO does not model it.
 */
final class JacksonTicker
{
    private final ObjectReader reader;
    private final boolean trade;
    private long sink;

    JacksonTicker()
    {
        this(false);
    }

    /**
     * A decoder of the rig's ticker or trade message.
     *
     * @param trade true for the Binance trade ({@link TradeEvent}), false for the Deribit ticker.
     */
    JacksonTicker(final boolean trade)
    {
        this.trade = trade;
        this.reader = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .readerFor(trade ? TradeEvent.class : Notification.class);
    }

    /**
     * Decodes a message.
     *
     * @param text the message.
     * @return true when it was a ticker.
     */
    boolean decode(final String text)
    {
        try
        {
            return trade ? consume((TradeEvent)reader.readValue(text)) : consume((Notification)reader.readValue(text));
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * Decodes a message from bytes.
     *
     * @param bytes  the message's UTF-8 bytes.
     * @return true when it was a ticker.
     */
    boolean decode(final InputStream bytes)
    {
        try
        {
            return trade ? consume((TradeEvent)reader.readValue(bytes)) :
                consume((Notification)reader.readValue(bytes));
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private boolean consume(final Notification notification)
    {
        if (notification.params == null || notification.params.data == null)
        {
            return false;
        }
        sink += notification.params.data.timestamp;
        return true;
    }

    private boolean consume(final TradeEvent event)
    {
        if (event.p == null)
        {
            return false;
        }
        sink += event.t;
        return true;
    }

    long sink()
    {
        return sink;
    }

    /** The JSON-RPC notification as a plain object, the way peer-client users model it. */
    public static final class Notification
    {
        public String jsonrpc;
        public String method;
        public Params params;
    }

    /** Notification params. */
    public static final class Params
    {
        public String channel;
        public Ticker data;
    }

    /** Ticker data with doubles, as users of other clients write it. */
    @SuppressWarnings("checkstyle:MemberName") // field names are the venue's JSON names
    public static final class Ticker
    {
        public double best_ask_amount;
        public double best_ask_price;
        public double best_bid_amount;
        public double best_bid_price;
        public double current_funding;
        public double estimated_delivery_price;
        public double funding_8h;
        public double index_price;
        public String instrument_name;
        public double interest_value;
        public Double last_price;
        public double mark_price;
        public double max_price;
        public double min_price;
        public double open_interest;
        public double settlement_price;
        public String state;
        public Stats stats;
        public long timestamp;
    }

    /** Ticker stats. */
    @SuppressWarnings("checkstyle:MemberName") // field names are the venue's JSON names
    public static final class Stats
    {
        public double high;
        public double low;
        public double price_change;
        public double volume;
        public double volume_usd;
    }

    /** The Binance trade event as a plain object (prices as the venue's strings, to BigDecimal as users do). */
    @SuppressWarnings("checkstyle:MemberName") // field names are the venue's JSON names
    public static final class TradeEvent
    {
        public String e;
        public long E;
        public String s;
        public long t;
        public java.math.BigDecimal p;
        public java.math.BigDecimal q;
        public long T;
        public boolean m;
        public boolean M;
    }
}

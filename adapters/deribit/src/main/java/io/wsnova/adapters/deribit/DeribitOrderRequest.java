package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonEncoder;
import io.wsnova.engine.api.JsonPayload;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The params of a {@code private/buy} or {@code private/sell}: instrument, amount, type, price, label, post-only,
 * reduce-only and time in force. Immutable; encoded straight into the send buffer as its {@link JsonPayload}, with
 * the amount and price written exactly (plain decimal notation, never an exponent).
 * <pre>{@code
 * DeribitOrderRequest order = DeribitOrderRequest.limit("BTC-PERPETUAL", 10, 64980.5).postOnly(true).label("q1");
 * }</pre>
 */
public final class DeribitOrderRequest implements JsonPayload
{
    /** The longest label Deribit accepts. */
    public static final int MAX_LABEL_LENGTH = 64;

    /**
     * Deribit order types ({@code type}).
     */
    public enum Type
    {
        /** {@code limit} (the venue's default). */
        LIMIT("limit"),
        /** {@code market}. */
        MARKET("market"),
        /** {@code market_limit}: a market order whose unfilled rest becomes a limit order at the fill price. */
        MARKET_LIMIT("market_limit");

        private final String wireName;

        Type(final String wireName)
        {
            this.wireName = wireName;
        }

        /**
         * The name on the wire.
         *
         * @return e.g. {@code limit}.
         */
        public String wireName()
        {
            return wireName;
        }
    }

    /**
     * Deribit time in force ({@code time_in_force}).
     */
    public enum TimeInForce
    {
        /** {@code good_til_cancelled} (the venue's default). */
        GOOD_TIL_CANCELLED("good_til_cancelled"),
        /** {@code good_til_day}. */
        GOOD_TIL_DAY("good_til_day"),
        /** {@code fill_or_kill}. */
        FILL_OR_KILL("fill_or_kill"),
        /** {@code immediate_or_cancel}. */
        IMMEDIATE_OR_CANCEL("immediate_or_cancel");

        private final String wireName;

        TimeInForce(final String wireName)
        {
            this.wireName = wireName;
        }

        /**
         * The name on the wire.
         *
         * @return e.g. {@code good_til_cancelled}.
         */
        public String wireName()
        {
            return wireName;
        }
    }

    private final String instrumentName;
    private final Decimal amount;
    private final Type type;
    private final Decimal price;
    private final String label;
    private final boolean postOnly;
    private final boolean reduceOnly;
    private final TimeInForce timeInForce;

    private DeribitOrderRequest(
        final String instrumentName,
        final Decimal amount,
        final Type type,
        final Decimal price,
        final String label,
        final boolean postOnly,
        final boolean reduceOnly,
        final TimeInForce timeInForce)
    {
        if (instrumentName == null || instrumentName.isBlank())
        {
            throw new IllegalArgumentException("instrumentName: must not be blank");
        }
        if (amount.isNull() || amount.mantissa() <= 0)
        {
            throw new IllegalArgumentException("amount: must be > 0, was " + amount);
        }
        if (type == Type.LIMIT && price == null)
        {
            throw new IllegalArgumentException("price: a limit order needs one");
        }
        if (label != null && label.length() > MAX_LABEL_LENGTH)
        {
            throw new IllegalArgumentException("label: at most " + MAX_LABEL_LENGTH + " characters, was " +
                label.length());
        }
        this.instrumentName = instrumentName;
        this.amount = amount;
        this.type = Objects.requireNonNull(type, "type");
        this.price = price;
        this.label = label;
        this.postOnly = postOnly;
        this.reduceOnly = reduceOnly;
        this.timeInForce = timeInForce;
    }

    /**
     * A limit order, good till cancelled.
     *
     * @param instrumentName e.g. {@code BTC-PERPETUAL}.
     * @param amount         the amount (USD for perpetuals and inverse futures, contracts for options), exact.
     * @param price          the limit price, exact.
     * @return the request.
     * @throws IllegalArgumentException on a blank instrument or an amount that is not positive.
     */
    public static DeribitOrderRequest limit(final String instrumentName, final Decimal amount, final Decimal price)
    {
        return new DeribitOrderRequest(instrumentName, copy(amount), Type.LIMIT, copy(price), null, false, false,
            null);
    }

    /**
     * A limit order, good till cancelled, from doubles (converted to their shortest exact decimal text, e.g.
     * {@code 64980.5}).
     *
     * @param instrumentName e.g. {@code BTC-PERPETUAL}.
     * @param amount         the amount.
     * @param price          the limit price.
     * @return the request.
     * @throws IllegalArgumentException on a blank instrument, an amount that is not positive, or a non-finite value.
     */
    public static DeribitOrderRequest limit(final String instrumentName, final double amount, final double price)
    {
        return limit(instrumentName, decimal(amount), decimal(price));
    }

    /**
     * A market order.
     *
     * @param instrumentName e.g. {@code ETH-PERPETUAL}.
     * @param amount         the amount, exact.
     * @return the request.
     * @throws IllegalArgumentException on a blank instrument or an amount that is not positive.
     */
    public static DeribitOrderRequest market(final String instrumentName, final Decimal amount)
    {
        return new DeribitOrderRequest(instrumentName, copy(amount), Type.MARKET, null, null, false, false, null);
    }

    /**
     * A market order from a double amount.
     *
     * @param instrumentName e.g. {@code ETH-PERPETUAL}.
     * @param amount         the amount.
     * @return the request.
     * @throws IllegalArgumentException on a blank instrument or an amount that is not positive.
     */
    public static DeribitOrderRequest market(final String instrumentName, final double amount)
    {
        return market(instrumentName, decimal(amount));
    }

    /**
     * The same order with another type.
     *
     * @param type the type.
     * @return a new request.
     */
    public DeribitOrderRequest type(final Type type)
    {
        return new DeribitOrderRequest(instrumentName, amount, type, price, label, postOnly, reduceOnly, timeInForce);
    }

    /**
     * The same order with a label (returned in the order, usable to cancel by label).
     *
     * @param label at most {@value #MAX_LABEL_LENGTH} characters.
     * @return a new request.
     */
    public DeribitOrderRequest label(final String label)
    {
        return new DeribitOrderRequest(instrumentName, amount, type, price, label, postOnly, reduceOnly, timeInForce);
    }

    /**
     * The same order, post-only (never takes liquidity) or not.
     *
     * @param postOnly true for post-only.
     * @return a new request.
     */
    public DeribitOrderRequest postOnly(final boolean postOnly)
    {
        return new DeribitOrderRequest(instrumentName, amount, type, price, label, postOnly, reduceOnly, timeInForce);
    }

    /**
     * The same order, reduce-only (may only reduce the position) or not.
     *
     * @param reduceOnly true for reduce-only.
     * @return a new request.
     */
    public DeribitOrderRequest reduceOnly(final boolean reduceOnly)
    {
        return new DeribitOrderRequest(instrumentName, amount, type, price, label, postOnly, reduceOnly, timeInForce);
    }

    /**
     * The same order with a time in force.
     *
     * @param timeInForce the time in force.
     * @return a new request.
     */
    public DeribitOrderRequest timeInForce(final TimeInForce timeInForce)
    {
        return new DeribitOrderRequest(instrumentName, amount, type, price, label, postOnly, reduceOnly,
            Objects.requireNonNull(timeInForce, "timeInForce"));
    }

    /**
     * The instrument.
     *
     * @return e.g. {@code BTC-PERPETUAL}.
     */
    public String instrumentName()
    {
        return instrumentName;
    }

    /**
     * The amount.
     *
     * @return a copy.
     */
    public Decimal amount()
    {
        return copy(amount);
    }

    /**
     * The limit price.
     *
     * @return a copy, or null for a market order.
     */
    public Decimal price()
    {
        return price == null ? null : copy(price);
    }

    /**
     * The type.
     *
     * @return the type.
     */
    public Type type()
    {
        return type;
    }

    /**
     * Writes {@code {"instrument_name":..,"amount":..,"type":..,"price":..,...}}; optional fields only when set.
     *
     * @param encoder the encoder.
     */
    @Override
    public void writeTo(final JsonEncoder encoder)
    {
        encoder.startObject()
            .name("instrument_name").string(instrumentName)
            .name("amount").number(amount)
            .name("type").string(type.wireName());
        if (price != null)
        {
            encoder.name("price").number(price);
        }
        if (label != null)
        {
            encoder.name("label").string(label);
        }
        if (postOnly)
        {
            encoder.name("post_only").bool(true);
        }
        if (reduceOnly)
        {
            encoder.name("reduce_only").bool(true);
        }
        if (timeInForce != null)
        {
            encoder.name("time_in_force").string(timeInForce.wireName());
        }
        encoder.endObject();
    }

    @Override
    public String toString()
    {
        return "DeribitOrderRequest{" + instrumentName + " " + type.wireName() + " " + amount +
            (price == null ? "" : " @ " + price) + (label == null ? "" : ", label=" + label) +
            (postOnly ? ", postOnly" : "") + (reduceOnly ? ", reduceOnly" : "") +
            (timeInForce == null ? "" : ", " + timeInForce.wireName()) + "}";
    }

    private static Decimal copy(final Decimal value)
    {
        return value == null ? null : new Decimal().set(value);
    }

    private static Decimal decimal(final double value)
    {
        if (!Double.isFinite(value))
        {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        BigDecimal exact = BigDecimal.valueOf(value);
        if (exact.scale() < 0)
        {
            exact = exact.setScale(0);
        }
        if (exact.scale() > 0)
        {
            final BigDecimal stripped = exact.stripTrailingZeros();
            exact = stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        }
        return new Decimal(exact.unscaledValue().longValueExact(), exact.scale());
    }
}

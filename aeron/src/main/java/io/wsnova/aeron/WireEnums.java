package io.wsnova.aeron;

import io.wsnova.aeron.sbe.WireBookSide;
import io.wsnova.aeron.sbe.WireFeedReason;
import io.wsnova.aeron.sbe.WireFeedState;
import io.wsnova.aeron.sbe.WireQuantityUnit;
import io.wsnova.aeron.sbe.WireSide;
import io.wsnova.market.BookSide;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.QuantityUnit;
import io.wsnova.market.Side;

/**
 * The mapping between the market model's enums and the schema's: by name, checked once at class initialisation, so
 * that a constant added to one side and not the other fails the first use (and {@code WireEnumsTest}) instead of
 * being sent as something else. Encoding indexes by {@link Enum#ordinal()}, decoding by the wire value; both are
 * array reads, allocation-free.
 */
final class WireEnums
{
    static final WireSide[] SIDE_TO_WIRE = toWire(Side.values(), WireSide.class);
    static final WireBookSide[] BOOK_SIDE_TO_WIRE = toWire(BookSide.values(), WireBookSide.class);
    static final WireQuantityUnit[] UNIT_TO_WIRE = toWire(QuantityUnit.values(), WireQuantityUnit.class);
    static final WireFeedState[] STATE_TO_WIRE = toWire(FeedState.values(), WireFeedState.class);
    static final WireFeedReason[] REASON_TO_WIRE = toWire(FeedReason.values(), WireFeedReason.class);

    static final Side[] SIDES = fromWire(Side.values(), WireSide.values());
    static final BookSide[] BOOK_SIDES = fromWire(BookSide.values(), WireBookSide.values());
    static final QuantityUnit[] UNITS = fromWire(QuantityUnit.values(), WireQuantityUnit.values());
    static final FeedState[] STATES = fromWire(FeedState.values(), WireFeedState.values());
    static final FeedReason[] REASONS = fromWire(FeedReason.values(), WireFeedReason.values());

    private static final String NULL_VALUE = "NULL_VAL";

    private WireEnums()
    {
    }

    /**
     * The model's constant of a wire value.
     *
     * @param values the table ({@link #SIDES} etc.).
     * @param raw    the wire value.
     * @param <E>    the model enum.
     * @return the constant, or null if the value is not in the schema (a malformed message).
     */
    static <E extends Enum<E>> E fromRaw(final E[] values, final short raw)
    {
        return raw >= 0 && raw < values.length ? values[raw] : null;
    }

    private static <E extends Enum<E>, W extends Enum<W>> W[] toWire(final E[] model, final Class<W> wireType)
    {
        final W[] constants = wireType.getEnumConstants();
        final W[] result = java.util.Arrays.copyOf(constants, model.length);
        for (final E constant : model)
        {
            result[constant.ordinal()] = Enum.valueOf(wireType, constant.name());
        }
        final int wireCount = constants.length - 1;
        if (wireCount != model.length)
        {
            throw new IllegalStateException(wireType.getSimpleName() + " has " + wireCount + " values, the model " +
                model.length);
        }
        return result;
    }

    private static <E extends Enum<E>, W extends Enum<W>> E[] fromWire(final E[] model, final W[] wire)
    {
        final E[] result = java.util.Arrays.copyOf(model, model.length);
        for (final W constant : wire)
        {
            if (!NULL_VALUE.equals(constant.name()))
            {
                final int value = wireValue(constant);
                if (value < 0 || value >= model.length || !model[value].name().equals(constant.name()))
                {
                    throw new IllegalStateException("wire " + constant + "=" + value + " does not match the model");
                }
                result[value] = model[value];
            }
        }
        return result;
    }

    private static int wireValue(final Enum<?> constant)
    {
        return switch (constant)
        {
            case WireSide side -> side.value();
            case WireBookSide side -> side.value();
            case WireQuantityUnit unit -> unit.value();
            case WireFeedState state -> state.value();
            case WireFeedReason reason -> reason.value();
            default -> throw new IllegalArgumentException(constant.getClass().getName());
        };
    }
}

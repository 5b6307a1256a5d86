package io.wsnova.aeron;

import io.wsnova.market.BookSide;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.QuantityUnit;
import io.wsnova.market.Side;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema's enums match the model's, constant by constant, both ways.
 */
class WireEnumsTest
{
    @Test
    void shouldMapEveryModelConstantToTheSameNameOnTheWireAndBack()
    {
        for (final Side side : Side.values())
        {
            final short raw = WireEnums.SIDE_TO_WIRE[side.ordinal()].value();
            assertThat(WireEnums.SIDE_TO_WIRE[side.ordinal()].name()).isEqualTo(side.name());
            assertThat(WireEnums.fromRaw(WireEnums.SIDES, raw)).isEqualTo(side);
        }
        for (final BookSide side : BookSide.values())
        {
            assertThat(WireEnums.fromRaw(WireEnums.BOOK_SIDES, WireEnums.BOOK_SIDE_TO_WIRE[side.ordinal()].value()))
                .isEqualTo(side);
        }
        for (final QuantityUnit unit : QuantityUnit.values())
        {
            assertThat(WireEnums.fromRaw(WireEnums.UNITS, WireEnums.UNIT_TO_WIRE[unit.ordinal()].value()))
                .isEqualTo(unit);
        }
        for (final FeedState state : FeedState.values())
        {
            assertThat(WireEnums.fromRaw(WireEnums.STATES, WireEnums.STATE_TO_WIRE[state.ordinal()].value()))
                .isEqualTo(state);
        }
        for (final FeedReason reason : FeedReason.values())
        {
            assertThat(WireEnums.fromRaw(WireEnums.REASONS, WireEnums.REASON_TO_WIRE[reason.ordinal()].value()))
                .isEqualTo(reason);
        }
    }

    @Test
    void shouldReturnNullForAValueOutsideTheSchema()
    {
        assertThat(WireEnums.fromRaw(WireEnums.SIDES, (short)3)).isNull();
        assertThat(WireEnums.fromRaw(WireEnums.REASONS, (short)255)).isNull();
        assertThat(WireEnums.fromRaw(WireEnums.STATES, (short)-1)).isNull();
    }
}

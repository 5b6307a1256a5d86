package io.wsnova.mock.deribit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.wsnova.mock.deribit.MockTestSupport.number;
import static io.wsnova.mock.deribit.MockTestSupport.path;

/**
 * A client-side book rebuilt from book notifications the way the reference describes (snapshot replaces, change
 * applies; {@code prev_change_id} must equal the last {@code change_id}).
 */
final class ClientBook
{
    final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    long lastChangeId = -1;
    int gaps;
    int snapshots;
    int changes;

    /**
     * Applies one {@code params.data}.
     *
     * @return false if it was a change whose prev_change_id did not match (a gap; not applied).
     */
    boolean apply(final Object data)
    {
        if ("snapshot".equals(path(data, "type")))
        {
            bids.clear();
            asks.clear();
            snapshots++;
        }
        else
        {
            if (number(data, "prev_change_id") != lastChangeId)
            {
                gaps++;
                return false;
            }
            changes++;
        }
        side(bids, (List<?>)path(data, "bids"));
        side(asks, (List<?>)path(data, "asks"));
        lastChangeId = number(data, "change_id");
        return true;
    }

    private static void side(final TreeMap<BigDecimal, BigDecimal> side, final List<?> entries)
    {
        for (final Object entry : entries)
        {
            final List<?> level = (List<?>)entry;
            final BigDecimal price = (BigDecimal)level.get(1);
            final BigDecimal amount = (BigDecimal)level.get(2);
            if ("delete".equals(level.get(0)))
            {
                if (side.remove(price) == null)
                {
                    throw new AssertionError("delete of a missing level " + price);
                }
            }
            else
            {
                side.put(price, amount);
            }
        }
    }

    static List<String> levels(final TreeMap<BigDecimal, BigDecimal> side)
    {
        final List<String> levels = new ArrayList<>();
        for (final Map.Entry<BigDecimal, BigDecimal> level : side.entrySet())
        {
            levels.add(level.getKey().stripTrailingZeros().toPlainString() + "@" + level.getValue().toPlainString());
        }
        return levels;
    }

    static List<String> levels(final List<MockBookLevel> levels)
    {
        final List<String> texts = new ArrayList<>();
        for (final MockBookLevel level : levels)
        {
            texts.add(new BigDecimal(level.price()).stripTrailingZeros().toPlainString() + "@" + level.amount());
        }
        return texts;
    }
}

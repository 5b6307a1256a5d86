package io.wsnova.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsnova.market.MarketJson;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading what {@code ./nova stream} printed, for the tests that compare it with a mock: the lines of one type, and
 * book levels as canonical {@code price:size} texts (plain decimals without trailing zeros), so a printed book and
 * a mock's book compare as lists whatever notation each side used.
 */
final class StreamLines
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamLines()
    {
    }

    /**
     * The printed JSON lines whose {@code type} is the given one, in order.
     *
     * @param output what the command printed.
     * @param type   e.g. {@code book}, {@code trade}, {@code status}.
     * @return the lines, parsed.
     * @throws IOException if a line is not JSON.
     */
    static List<JsonNode> lines(final String output, final String type) throws IOException
    {
        final List<JsonNode> nodes = new ArrayList<>();
        for (final String line : output.split("\n"))
        {
            if (!line.isEmpty())
            {
                final JsonNode node = JSON.readTree(line);
                if (type.equals(node.get("type").asText()))
                {
                    nodes.add(node);
                }
            }
        }
        return nodes;
    }

    /**
     * The first {@link MarketJson#BOOK_LEVELS} levels of a mock's side, given as {@code price<sep>size} separated by
     * commas.
     *
     * @param levels    the mock's levels, best first.
     * @param separator between price and size, e.g. {@code ":"} or {@code "@"}.
     * @return the canonical texts.
     */
    static List<String> top10(final String levels, final String separator)
    {
        final List<String> top = new ArrayList<>();
        for (final String level : levels.isEmpty() ? new String[0] : levels.split(","))
        {
            if (top.size() < MarketJson.BOOK_LEVELS)
            {
                final int at = level.indexOf(separator);
                top.add(plain(level.substring(0, at)) + ":" + plain(level.substring(at + separator.length())));
            }
        }
        return top;
    }

    /**
     * A printed side, {@code [["price","size"],...]}, as canonical texts.
     *
     * @param levels the printed array.
     * @return the canonical texts.
     */
    static List<String> printed(final JsonNode levels)
    {
        final List<String> text = new ArrayList<>();
        for (final JsonNode level : levels)
        {
            text.add(plain(level.get(0).asText()) + ":" + plain(level.get(1).asText()));
        }
        return text;
    }

    /**
     * A decimal in plain notation without trailing zeros.
     *
     * @param decimal the decimal's text.
     * @return the canonical text.
     */
    static String plain(final String decimal)
    {
        return new BigDecimal(decimal).stripTrailingZeros().toPlainString();
    }
}

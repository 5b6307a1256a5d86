package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.JsonFieldTable;
import io.wsnova.codec.json.JsonParser;

/**
 * Decodes the {@code data} object of a {@code book.*} notification into a {@link DeribitBookUpdate}: fields in any
 * order, entries {@code ["new"|"change"|"delete", price, amount]} (or {@code [price, amount]} pairs, as the grouped
 * channels send them, read as {@code new}). Prices and amounts in any form of the JSON number grammar are read
 * exactly whenever a {@link io.wsnova.codec.json.Decimal} can hold them, and otherwise read inexact (exact text
 * kept, exact ordering, counted by the parser) rather than refused: a snapshot is never dropped for its numbers
 * (see {@code docs/NUMBERS.md}). Unknown fields are skipped. Message thread only (through its parser and update);
 * allocation-free once the update's arrays are large enough (and, for an inexact value, once its entry's
 * decimal has held one).
 */
final class DeribitBookDecoder
{
    private static final int TYPE = 0;
    private static final int TIMESTAMP = 1;
    private static final int PREV_CHANGE_ID = 2;
    private static final int INSTRUMENT_NAME = 3;
    private static final int CHANGE_ID = 4;
    private static final int BIDS = 5;
    private static final int ASKS = 6;

    private static final JsonFieldTable FIELDS = new JsonFieldTable(7)
        .put("type", TYPE)
        .put("timestamp", TIMESTAMP)
        .put("prev_change_id", PREV_CHANGE_ID)
        .put("instrument_name", INSTRUMENT_NAME)
        .put("change_id", CHANGE_ID)
        .put("bids", BIDS)
        .put("asks", ASKS);

    private static final JsonFieldTable TYPES = new JsonFieldTable(2)
        .put("snapshot", DeribitBookUpdate.TYPE_SNAPSHOT)
        .put("change", DeribitBookUpdate.TYPE_CHANGE);

    private static final JsonFieldTable ACTIONS = new JsonFieldTable(3)
        .put("new", DeribitBookUpdate.ACTION_NEW)
        .put("change", DeribitBookUpdate.ACTION_CHANGE)
        .put("delete", DeribitBookUpdate.ACTION_DELETE);

    /**
     * Fills the update from the object at the parser's current {@link JsonParser#START_OBJECT} token and leaves
     * the parser on its {@link JsonParser#END_OBJECT}.
     *
     * @return true if decoded; false on a parse error, a value of the wrong type (a {@code type} that is not a
     * string included), an unknown action, or a change without {@code change_id}.
     */
    boolean decode(final JsonParser parser, final DeribitBookUpdate update)
    {
        update.reset();
        if (parser.token() != JsonParser.START_OBJECT)
        {
            return false;
        }
        int field;
        while ((field = parser.nextField(FIELDS)) != JsonParser.END_OF_FIELDS)
        {
            switch (field)
            {
                case TYPE ->
                {
                    if (parser.token() != JsonParser.STRING)
                    {
                        // Skipped whole (never read as the update's own fields), and the update is malformed.
                        parser.skipValue();
                        return false;
                    }
                    update.type = Math.max(DeribitBookUpdate.TYPE_UNKNOWN, TYPES.lookupString(parser));
                }
                case TIMESTAMP -> update.timestampMs = parser.readLong();
                case PREV_CHANGE_ID ->
                {
                    if (parser.token() == JsonParser.NULL)
                    {
                        update.hasPrevChangeId = false;
                    }
                    else
                    {
                        update.prevChangeId = parser.readLong();
                        update.hasPrevChangeId = true;
                    }
                }
                case INSTRUMENT_NAME -> parser.readString(update.instrumentName);
                case CHANGE_ID ->
                {
                    update.changeId = parser.readLong();
                    update.hasChangeId = true;
                }
                case BIDS ->
                {
                    if (!decodeEntries(parser, update.bids))
                    {
                        return false;
                    }
                }
                case ASKS ->
                {
                    if (!decodeEntries(parser, update.asks))
                    {
                        return false;
                    }
                }
                default -> parser.skipValue();
            }
        }
        return parser.token() == JsonParser.END_OBJECT && !parser.hasError() &&
            (update.hasChangeId || update.isSnapshot());
    }

    private boolean decodeEntries(final JsonParser parser, final DeribitBookUpdate.Entries entries)
    {
        if (parser.token() != JsonParser.START_ARRAY)
        {
            return false;
        }
        int token;
        while ((token = parser.nextToken()) == JsonParser.START_ARRAY)
        {
            if (!decodeEntry(parser, entries))
            {
                return false;
            }
        }
        return token == JsonParser.END_ARRAY;
    }

    /**
     * One entry, the parser on its {@link JsonParser#START_ARRAY}; leaves it on the entry's
     * {@link JsonParser#END_ARRAY}.
     */
    private boolean decodeEntry(final JsonParser parser, final DeribitBookUpdate.Entries entries)
    {
        int token = parser.nextToken();
        int action = DeribitBookUpdate.ACTION_NEW;
        if (token == JsonParser.STRING)
        {
            action = ACTIONS.lookupString(parser);
            if (action < 0)
            {
                return false;
            }
            token = parser.nextToken();
        }
        if (token != JsonParser.NUMBER || !parser.readDecimal(entries.nextPrice()) ||
            parser.nextToken() != JsonParser.NUMBER || !parser.readDecimal(entries.nextAmount()) ||
            parser.nextToken() != JsonParser.END_ARRAY)
        {
            return false;
        }
        entries.commit((byte)action);
        return true;
    }
}

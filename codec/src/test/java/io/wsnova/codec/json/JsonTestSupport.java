package io.wsnova.codec.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

final class JsonTestSupport
{
    private JsonTestSupport()
    {
    }

    static List<String> deribitExamples()
    {
        try (InputStream in = JsonTestSupport.class.getResourceAsStream("deribit-api-examples.jsonl"))
        {
            final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            final List<String> examples = new ArrayList<>();
            for (final String line : text.split("\n"))
            {
                if (!line.isBlank())
                {
                    examples.add(line);
                }
            }
            return examples;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Off-heap, as the engine's receive buffer, with the message at a non-zero offset. */
    static UnsafeBuffer offHeap(final String json, final int offset)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(offset + bytes.length + 16));
        buffer.putBytes(offset, bytes);
        return buffer;
    }

    static JsonParser parserOver(final String json)
    {
        final JsonParser parser = new JsonParser();
        final UnsafeBuffer buffer = offHeap(json, 7);
        parser.wrap(buffer, 7, json.getBytes(StandardCharsets.UTF_8).length);
        return parser;
    }

    /**
     * Writes every character inside every string (names included) as a backslash-u escape ({@code /} as
     * {@code \/}); escapes already there are kept.
     */
    static String escapeStrings(final String json)
    {
        final StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++)
        {
            final char c = json.charAt(i);
            if (c == '"')
            {
                inString = !inString;
                out.append(c);
            }
            else if (inString && c == '\\')
            {
                final int escapeLength = json.charAt(i + 1) == 'u' ? 6 : 2;
                out.append(json, i, i + escapeLength);
                i += escapeLength - 1;
            }
            else if (inString)
            {
                out.append(c == '/' ? "\\/" : String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Removes whitespace outside strings. */
    static String minify(final String json)
    {
        final StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < json.length(); i++)
        {
            final char c = json.charAt(i);
            if (inString)
            {
                out.append(c);
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == '\\')
                {
                    escaped = true;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
                out.append(c);
            }
            else if (!Character.isWhitespace(c))
            {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Walks the whole message with the parser and writes it back with the encoder: numbers raw as sent, strings
     * decoded and re-escaped. Returns null if the parser reported an error.
     */
    static String reencode(final JsonParser parser)
    {
        final ExpandableArrayBuffer out = new ExpandableArrayBuffer(64);
        final JsonEncoder encoder = new JsonEncoder().wrap(out, 0);
        final UnsafeBuffer view = new UnsafeBuffer(parser.buffer());
        final StringBuilder text = new StringBuilder();
        int token;
        while ((token = parser.nextToken()) != JsonParser.END_OF_INPUT)
        {
            switch (token)
            {
                case JsonParser.START_OBJECT -> encoder.startObject();
                case JsonParser.END_OBJECT -> encoder.endObject();
                case JsonParser.START_ARRAY -> encoder.startArray();
                case JsonParser.END_ARRAY -> encoder.endArray();
                case JsonParser.FIELD_NAME ->
                {
                    text.setLength(0);
                    parser.readString(text);
                    encoder.name(text);
                }
                case JsonParser.STRING ->
                {
                    text.setLength(0);
                    parser.readString(text);
                    encoder.string(text);
                }
                case JsonParser.NUMBER -> encoder.rawValue(view, parser.tokenOffset(), parser.tokenLength());
                case JsonParser.TRUE -> encoder.bool(true);
                case JsonParser.FALSE -> encoder.bool(false);
                case JsonParser.NULL -> encoder.nullValue();
                default ->
                {
                    return null;
                }
            }
        }
        return out.getStringWithoutLengthUtf8(0, encoder.length());
    }
}

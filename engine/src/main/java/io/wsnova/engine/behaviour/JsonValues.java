package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.JsonPayload;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonEncoder;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * Writes plain Java values (maps, collections, strings, numbers, booleans, null) as JSON: the control-plane
 * convenience behind {@code request(method, Map)} and subscription params. Not for the hot path.
 */
public final class JsonValues
{
    private JsonValues()
    {
    }

    /**
     * Writes the entries of a map as fields of the object the encoder is inside.
     *
     * @param encoder the encoder, inside an object.
     * @param fields  the fields; null or empty writes nothing.
     */
    public static void writeFields(final JsonEncoder encoder, final Map<String, ?> fields)
    {
        if (fields == null)
        {
            return;
        }
        for (final Map.Entry<String, ?> entry : fields.entrySet())
        {
            encoder.name(entry.getKey());
            write(encoder, entry.getValue());
        }
    }

    /**
     * Writes one value.
     *
     * @param encoder the encoder.
     * @param value   a Map, Collection, array of Object, CharSequence, Number, Decimal, Boolean, JsonPayload or null.
     * @throws IllegalArgumentException for any other type, naming it.
     */
    public static void write(final JsonEncoder encoder, final Object value)
    {
        if (value == null)
        {
            encoder.nullValue();
        }
        else if (value instanceof CharSequence text)
        {
            encoder.string(text);
        }
        else if (value instanceof Boolean bool)
        {
            encoder.bool(bool);
        }
        else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)
        {
            encoder.number(((Number)value).longValue());
        }
        else if (value instanceof Decimal decimal)
        {
            encoder.number(decimal);
        }
        else if (value instanceof Number number)
        {
            final BigDecimal exact = new BigDecimal(number.toString());
            final Decimal decimal = new Decimal();
            decimal.set(exact.unscaledValue().longValueExact(), exact.scale());
            encoder.number(decimal);
        }
        else if (value instanceof Map<?, ?> map)
        {
            encoder.startObject();
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                encoder.name(String.valueOf(entry.getKey()));
                write(encoder, entry.getValue());
            }
            encoder.endObject();
        }
        else if (value instanceof Collection<?> collection)
        {
            encoder.startArray();
            for (final Object element : collection)
            {
                write(encoder, element);
            }
            encoder.endArray();
        }
        else if (value instanceof Object[] array)
        {
            encoder.startArray();
            for (final Object element : array)
            {
                write(encoder, element);
            }
            encoder.endArray();
        }
        else if (value instanceof JsonPayload payload)
        {
            payload.writeTo(encoder);
        }
        else
        {
            throw new IllegalArgumentException("params: cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    /**
     * A payload writing a map as a JSON object.
     *
     * @param fields the fields, may be null for {@code {}}.
     * @return the payload.
     */
    public static JsonPayload object(final Map<String, ?> fields)
    {
        return encoder ->
        {
            encoder.startObject();
            writeFields(encoder, fields);
            encoder.endObject();
        };
    }
}

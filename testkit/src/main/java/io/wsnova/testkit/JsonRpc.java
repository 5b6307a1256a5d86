package io.wsnova.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON-RPC 2.0 texts for test servers: fields read with patterns (tests only: no JSON parser) and responses built
 * as strings.
 */
public final class JsonRpc
{
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern CHANNELS = Pattern.compile("\"channels\"\\s*:\\s*(\\[[^\\]]*\\])");

    private JsonRpc()
    {
    }

    /**
     * The first numeric {@code "id"} of a message.
     *
     * @param text the message.
     * @return the id, or -1 when there is none.
     */
    public static long id(final String text)
    {
        final Matcher matcher = ID.matcher(text);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /**
     * The first {@code "method"} of a message.
     *
     * @param text the message.
     * @return the method, or null.
     */
    public static String method(final String text)
    {
        final Matcher matcher = METHOD.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    /**
     * The {@code "channels"} array of a subscribe request, as written.
     *
     * @param text the message.
     * @return the array text, or {@code []}.
     */
    public static String channels(final String text)
    {
        final Matcher matcher = CHANNELS.matcher(text);
        return matcher.find() ? matcher.group(1) : "[]";
    }

    /**
     * A string field anywhere in a message.
     *
     * @param name the field name.
     * @param text the message.
     * @return the value, or null.
     */
    public static String stringField(final String name, final String text)
    {
        final Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    /**
     * An integer field anywhere in a message.
     *
     * @param name the field name.
     * @param text the message.
     * @return the value, or {@link Long#MIN_VALUE} when absent.
     */
    public static long numberField(final String name, final String text)
    {
        final Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*(-?\\d+)").matcher(text);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : Long.MIN_VALUE;
    }

    /**
     * A number field anywhere in a message, as written.
     *
     * @param name the field name.
     * @param text the message.
     * @return the number's text, or null.
     */
    public static String numberText(final String name, final String text)
    {
        final Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*(-?[0-9.eE+-]+)").matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    /**
     * The message with its first id replaced by {@code N}, for exact comparisons.
     *
     * @param text the message.
     * @return the text with {@code "id":N}.
     */
    public static String withoutId(final String text)
    {
        return ID.matcher(text).replaceFirst("\"id\":N");
    }

    /**
     * A result response.
     *
     * @param id         the request id.
     * @param resultJson the result, as JSON.
     * @return the response text.
     */
    public static String result(final long id, final String resultJson)
    {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + resultJson + "}";
    }

    /**
     * An error response.
     *
     * @param id      the request id.
     * @param code    the error code.
     * @param message the error message.
     * @return the response text.
     */
    public static String error(final long id, final int code, final String message)
    {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":" + code + ",\"message\":\"" + message +
            "\"}}";
    }

    /**
     * A notification {@code {"method":"subscription","params":{"channel":C,"data":D}}}.
     *
     * @param channel  the channel.
     * @param dataJson the data, as JSON.
     * @return the notification text.
     */
    public static String notification(final String channel, final String dataJson)
    {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"" + channel +
            "\",\"data\":" + dataJson + "}}";
    }

    /**
     * The usual answers of a venue-neutral JSON-RPC server: subscribe and unsubscribe with the channel list, auth
     * with a token, every other method with {@code {"id":ID,"method":"METHOD"}}, a text without method with nothing.
     *
     * @param request the request.
     * @return the response text, or null.
     */
    public static String standard(final TestServer.Request request)
    {
        if (request.method() == null)
        {
            return null;
        }
        return switch (request.method())
        {
            case "subscribe", "unsubscribe" -> result(request.id(), channels(request.text()));
            case "auth" -> result(request.id(), "{\"access_token\":\"t\",\"expires_in\":900}");
            default -> result(request.id(), "{\"id\":" + request.id() + ",\"method\":\"" + request.method() + "\"}");
        };
    }
}

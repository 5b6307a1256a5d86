package io.wsnova.adapters.okx;

import io.wsnova.engine.api.Response;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests of one connection that wait for OKX's answers. OKX answers without the request's id: one
 * {@code subscribe}/{@code unsubscribe} event per arg (carrying the arg), or one {@code error} event per request
 * (carrying neither id nor arg), in the order the requests were sent. So a request is recorded when it is encoded
 * (the sending thread) and an answer (the message thread) goes to the oldest request it fits: an ack to the oldest
 * request of that op with that channel not yet acked, an error to the oldest request. A request is answered once all
 * its args are acked or on its error; {@link #response} then builds one response for the engine, e.g.
 * {@code {"event":"subscribe","code":"0","acked":["books:BTC-USDT"]}} or
 * {@code {"event":"error","code":"60018","msg":"...","acked":[]}}. Control plane: allocates, under a lock.
 */
final class OkxRequests
{
    private static final String ACKED = "\"acked\":[";

    /**
     * One request in flight.
     */
    static final class Pending
    {
        final long id;
        final boolean subscribe;
        final boolean internal;
        final List<String> channels;
        final boolean[] acked;
        int ackedCount;
        String errorCode;
        String errorMessage;

        Pending(final long id, final boolean subscribe, final boolean internal, final List<String> channels)
        {
            this.id = id;
            this.subscribe = subscribe;
            this.internal = internal;
            this.channels = channels;
            this.acked = new boolean[channels.size()];
        }

        boolean isError()
        {
            return errorCode != null;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    void record(final long id, final boolean subscribe, final boolean internal, final List<String> channels)
    {
        lock.lock();
        try
        {
            pending.addLast(new Pending(id, subscribe, internal, channels));
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * An ack of one arg.
     *
     * @return the request it completed, or null (still waiting for other args, or matched nothing: see
     * {@code matched}).
     */
    Pending onAck(final boolean subscribe, final String channel, final boolean[] matched)
    {
        lock.lock();
        try
        {
            matched[0] = false;
            for (final Iterator<Pending> it = pending.iterator(); it.hasNext(); )
            {
                final Pending request = it.next();
                if (request.subscribe != subscribe)
                {
                    continue;
                }
                final int index = indexOfUnacked(request, channel);
                if (index >= 0)
                {
                    matched[0] = true;
                    request.acked[index] = true;
                    if (++request.ackedCount == request.channels.size())
                    {
                        it.remove();
                        return request;
                    }
                    return null;
                }
            }
            return null;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * An error event: it answers the oldest request.
     *
     * @return that request, or null when none is in flight.
     */
    Pending onError(final String code, final String message)
    {
        lock.lock();
        try
        {
            final Pending request = pending.pollFirst();
            if (request != null)
            {
                request.errorCode = code == null ? "-1" : code;
                request.errorMessage = message == null ? "" : message;
            }
            return request;
        }
        finally
        {
            lock.unlock();
        }
    }

    void clear()
    {
        lock.lock();
        try
        {
            pending.clear();
        }
        finally
        {
            lock.unlock();
        }
    }

    int inFlight()
    {
        lock.lock();
        try
        {
            return pending.size();
        }
        finally
        {
            lock.unlock();
        }
    }

    static Response response(final Pending request)
    {
        final StringBuilder json = new StringBuilder(64);
        json.append("{\"event\":\"").append(request.isError() ? "error" : request.subscribe ? "subscribe" :
            "unsubscribe").append("\",\"code\":");
        appendString(json, request.isError() ? request.errorCode : "0");
        if (request.isError())
        {
            json.append(",\"msg\":");
            appendString(json, request.errorMessage);
        }
        json.append(',').append(ACKED);
        boolean first = true;
        for (int i = 0; i < request.channels.size(); i++)
        {
            if (request.acked[i])
            {
                if (!first)
                {
                    json.append(',');
                }
                appendString(json, request.channels.get(i));
                first = false;
            }
        }
        json.append("]}");
        final byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        return Response.fromJson(request.id, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    static boolean acked(final String responseJson, final String channel)
    {
        final int start = responseJson.lastIndexOf(ACKED);
        if (start < 0)
        {
            return false;
        }
        final StringBuilder quoted = new StringBuilder(channel.length() + 2);
        appendString(quoted, channel);
        return responseJson.indexOf(quoted.toString(), start) >= 0;
    }

    private static int indexOfUnacked(final Pending request, final String channel)
    {
        for (int i = 0; i < request.channels.size(); i++)
        {
            if (!request.acked[i] && request.channels.get(i).equals(channel))
            {
                return i;
            }
        }
        return -1;
    }

    private static void appendString(final StringBuilder dst, final String value)
    {
        dst.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                dst.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                dst.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                dst.append(c);
            }
        }
        dst.append('"');
    }
}

package io.wsnova.engine.docs;

import io.wsnova.testkit.TestServer;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server speaking the fictional Acme protocol of {@link AcmeAdapterExample}, built on the testkit's
 * {@link TestServer}: answers subscribe and unsubscribe for {@code ticker.*} channels (anything else is a 404
 * error), records every message it receives, and pushes what the test asks.
 */
final class AcmeServer implements AutoCloseable
{
    private static final long WAIT_MS = 5_000;
    private static final Pattern OP = Pattern.compile("\"op\":\"([^\"]*)\"");
    private static final Pattern CHANNEL = Pattern.compile("\"channel\":\"([^\"]*)\"");

    private final TestServer server;

    private AcmeServer(final TestServer server)
    {
        this.server = server;
    }

    static AcmeServer launch() throws IOException
    {
        return new AcmeServer(TestServer.rpc(AcmeServer::answer));
    }

    String url()
    {
        return server.url("/v1/ws");
    }

    String nextReceived() throws InterruptedException
    {
        return server.next(WAIT_MS).text();
    }

    void push(final String json)
    {
        server.push(json);
    }

    @Override
    public void close()
    {
        server.close();
    }

    private static String answer(final TestServer.Request request)
    {
        final Matcher op = OP.matcher(request.text());
        final Matcher channel = CHANNEL.matcher(request.text());
        if (request.id() < 0 || !op.find() || !channel.find())
        {
            return null;
        }
        final boolean known = channel.group(1).startsWith("ticker.");
        return "{\"id\":" + request.id() + (known ? ",\"result\":\"" + op.group(1) + "d\"}" :
            ",\"error\":{\"code\":404,\"message\":\"unknown channel\"}}");
    }
}

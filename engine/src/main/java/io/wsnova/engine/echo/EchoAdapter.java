package io.wsnova.engine.echo;

import io.wsnova.engine.Adapter;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.behaviour.DefaultMessageHandler;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;

import java.util.function.Consumer;

/**
 * An adapter for echo servers and smoke tests: plain {@code ws://}, no keepalive by default. A JSON object with an
 * {@code id} and a {@code result} or {@code error} is a response (matched to its request, see
 * {@link DefaultMessageHandler}); every other message is data and goes to an optional observer. Requests use the
 * default JSON-RPC encoding, so a pure echo server "answers" a request with the request itself, which carries no
 * result: it is data, not a response.
 */
public final class EchoAdapter implements Adapter
{
    private final Consumer<InboundMessage> observer;

    /**
     * An echo adapter that ignores what it receives.
     */
    public EchoAdapter()
    {
        this(message -> { });
    }

    /**
     * An echo adapter that shows every received message to {@code observer} on the message thread (the message is
     * valid during the call only).
     *
     * @param observer sees every message.
     */
    public EchoAdapter(final Consumer<InboundMessage> observer)
    {
        this.observer = observer;
    }

    @Override
    public NovaOptions defaultOptions()
    {
        return NovaOptions.builder().secure(false).keepalive(0, 0).build();
    }

    @Override
    public MessageHandler messageHandler()
    {
        final Consumer<InboundMessage> observer = this.observer;
        return new DefaultMessageHandler()
        {
            @Override
            public void handle(final InboundMessage message, final MessageContext context)
            {
                observer.accept(message);
            }
        };
    }
}

package io.wsnova.benchmarks.e2e;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.WebSocketClient;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.config.IdleStrategySpec;
import io.wsnova.engine.config.NovaOptions;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * wsnova's engine ({@link WebSocketClient}) in one IO mode and pipeline mode, decoding into the pooled
 * {@code DeribitTicker} through {@link DeribitMessageDecoder} straight from the buffer the engine hands over.
 * Options are the engine defaults except the modes and keepalive (off: a ping would be one more frame in the
 * measured stream); {@code SPIN} polls with {@link IdleStrategySpec#BUSY_SPIN} (what the mode is for: a core given
 * to the hottest feed); {@code POLL} is driven by a busy-spinning {@link AgentRunner} over
 * {@link WebSocket#pollAgent()}, as an application's own event loop would.
 */
final class WsnovaClient implements RigClient, WebSocketHandler
{
    private final IoMode ioMode;
    private final PipelineMode pipelineMode;
    private LatencyRecorder recorder;
    private VenueDecoder decoder;
    private WebSocket webSocket;
    private AgentRunner poller;
    private volatile Throwable pollError;

    WsnovaClient(final IoMode ioMode, final PipelineMode pipelineMode)
    {
        this.ioMode = ioMode;
        this.pipelineMode = pipelineMode;
    }

    @Override
    public void connect(final URI uri, final LatencyRecorder recorder, final boolean decode)
        throws WebSocketConnectException
    {
        this.recorder = recorder;
        this.decoder = decode ? new VenueDecoder(recorder.trade()) : null;
        final NovaOptions.Builder options = NovaOptions.builder().ioMode(ioMode).pipelineMode(pipelineMode)
            .keepalive(0, 0);
        if (ioMode == IoMode.SPIN)
        {
            options.readerIdleStrategy(IdleStrategySpec.BUSY_SPIN);
        }
        webSocket = WebSocketClient.connectBlocking(uri.toString(), options.build(), this);
        if (ioMode == IoMode.POLL)
        {
            // the application's thread: a platform thread that busy-spins on the connection's poll agent
            poller = new AgentRunner(new BusySpinIdleStrategy(), error -> pollError = error, null,
                webSocket.pollAgent());
            AgentRunner.startOnThread(poller);
        }
    }

    @Override
    public void onMessage(
        final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        final long intendedNs = TickerMessage.nanos(buffer, offset + recorder.intendedOffset());
        final long sentNs = TickerMessage.nanos(buffer, offset + recorder.sentOffset());
        final VenueDecoder decoder = this.decoder;
        if (decoder != null && !decoder.decode(buffer, offset, length))
        {
            recorder.onDecodeFailure();
        }
        recorder.record(intendedNs, sentNs, System.nanoTime());
    }

    @Override
    public void close() throws Exception
    {
        if (webSocket != null)
        {
            webSocket.close();
            webSocket.closeFuture().get(10, TimeUnit.SECONDS);
        }
        if (poller != null)
        {
            poller.close();
        }
        if (pollError != null)
        {
            throw new IllegalStateException("the poll loop failed", pollError);
        }
    }

    @Override
    public String configuration()
    {
        return "wsnova WebSocketClient, ioMode " + ioMode + ", pipelineMode " + pipelineMode +
            (ioMode == IoMode.SPIN ? ", reader idle strategy BusySpinIdleStrategy" : "") +
            (ioMode == IoMode.POLL ? ", polled by an AgentRunner with BusySpinIdleStrategy on a platform thread" : "") +
            (pipelineMode == PipelineMode.QUEUED ? ", queue 4096, handler idle strategy default (Backoff)" : "") +
            ", other options default (256 KiB receive buffer); decode variant: DeribitMessageDecoder into the " +
            "pooled DeribitTicker (or the Binance handler's decode of the trade) from the engine's buffer";
    }
}

package io.wsnova.benchmarks.e2e;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;

import java.util.List;

/**
 * The rig's receivers by name: the raw-socket baseline, wsnova in five modes, and the peer clients.
 */
final class RigClients
{
    /** The raw-socket baseline. */
    static final String RAW = "raw";
    /** wsnova, virtual-thread reader, handler inline. */
    static final String WSNOVA_VIRTUAL_INLINE = "wsnova-virtual-inline";
    /** wsnova, virtual-thread reader, handler thread behind the SPSC queue. */
    static final String WSNOVA_VIRTUAL_QUEUED = "wsnova-virtual-queued";
    /** wsnova, busy-spinning platform reader, handler inline. */
    static final String WSNOVA_SPIN_INLINE = "wsnova-spin-inline";
    /** wsnova, busy-spinning platform reader, handler thread behind the SPSC queue. */
    static final String WSNOVA_SPIN_QUEUED = "wsnova-spin-queued";
    /** wsnova, the application's own thread polls the connection (a busy-spinning AgentRunner), handler inline. */
    static final String WSNOVA_POLL_INLINE = "wsnova-poll-inline";

    /** Every receiver, in the rig's default order. */
    static final List<String> ALL = List.of(RAW, WSNOVA_VIRTUAL_INLINE, WSNOVA_VIRTUAL_QUEUED, WSNOVA_SPIN_INLINE,
        WSNOVA_SPIN_QUEUED, WSNOVA_POLL_INLINE, "java-websocket", "jdk", "jetty", "okhttp", "netty");

    private RigClients()
    {
    }

    /**
     * Creates a receiver.
     *
     * @param name one of {@link #ALL}.
     * @return a new, unconnected receiver.
     * @throws IllegalArgumentException for an unknown name.
     */
    static RigClient create(final String name)
    {
        return switch (name)
        {
            case RAW -> new RawSocketClient();
            case WSNOVA_VIRTUAL_INLINE -> new WsnovaClient(IoMode.VIRTUAL, PipelineMode.INLINE);
            case WSNOVA_VIRTUAL_QUEUED -> new WsnovaClient(IoMode.VIRTUAL, PipelineMode.QUEUED);
            case WSNOVA_SPIN_INLINE -> new WsnovaClient(IoMode.SPIN, PipelineMode.INLINE);
            case WSNOVA_SPIN_QUEUED -> new WsnovaClient(IoMode.SPIN, PipelineMode.QUEUED);
            case WSNOVA_POLL_INLINE -> new WsnovaClient(IoMode.POLL, PipelineMode.INLINE);
            case "java-websocket" -> new JavaWebSocketPeer();
            case "jdk" -> new JdkPeer();
            case "jetty" -> new JettyPeer();
            case "okhttp" -> new OkHttpPeer();
            case "netty" -> new NettyPeer();
            default -> throw new IllegalArgumentException("unknown client '" + name + "'; known: " + ALL);
        };
    }

    static boolean isWsnova(final String name)
    {
        return name.startsWith("wsnova-");
    }

    static boolean isPeer(final String name)
    {
        return !RAW.equals(name) && !isWsnova(name);
    }
}

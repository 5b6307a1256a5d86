package io.wsnova.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Loopback ports chosen at run time, never fixed numbers.
 */
public final class FreePort
{
    private FreePort()
    {
    }

    /**
     * A port on 127.0.0.1 that was free a moment ago and has nothing listening now: a connect to it is refused
     * (unless another process binds it in between, which the kernel makes unlikely by not reusing it at once).
     *
     * @return the port.
     * @throws UncheckedIOException if no port can be bound.
     */
    public static int find()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}

package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The loopback Deribit test server every client-level Deribit test starts before each test, and the connection
 * it closes (waiting for its close to complete) after each one: a test assigns {@link #connection} when it
 * connects.
 */
abstract class DeribitServerTestBase
{
    DeribitTestServer server;
    Connection connection;

    @BeforeEach
    void startServer() throws IOException
    {
        server = DeribitTestServer.launch();
    }

    @AfterEach
    void stop()
    {
        if (connection != null)
        {
            connection.close();
            connection.closeFuture().orTimeout(5, TimeUnit.SECONDS).join();
        }
        server.close();
    }
}

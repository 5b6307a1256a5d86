package io.wsnova.engine.docs;

import io.wsnova.codec.json.Decimal;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class AcmeAdapterExampleTest
{
    static final String EXAMPLE_SOURCE = "src/test/java/io/wsnova/engine/docs/AcmeAdapterExample.java";
    static final String BEGIN_MARKER = "<!-- example:begin AcmeAdapterExample.java -->\n```java\n";
    static final String END_MARKER = "```\n<!-- example:end -->";
    static final Decimal BID = new Decimal(1005, 1);

    @Test
    void shouldSubscribeDecodeTickersAndAnswerPingsAgainstALoopbackAcmeServer() throws Exception
    {
        final BlockingQueue<String> tickers = new LinkedBlockingQueue<>();
        try (AcmeServer server = AcmeServer.launch())
        {
            final AcmeAdapterExample adapter = new AcmeAdapterExample(ticker -> tickers.add(ticker.symbol + " " +
                ticker.bid + "/" + ticker.ask + " " + ticker.timestampMs + " " + ticker.bid.equals(BID)));
            final Connection acme = Nova.connectBlocking(adapter, NovaOptions.builder().url(server.url()).build());

            final Subscription subscription = acme.subscribe("ticker.BTC-USD", null).get(5, TimeUnit.SECONDS);
            assertThat(subscription.state()).isEqualTo(Subscription.State.CONFIRMED);
            assertThat(server.nextReceived()).isEqualTo("{\"id\":1,\"op\":\"subscribe\",\"args\":{\"channel\":" +
                "\"ticker.BTC-USD\"}}");

            assertThatThrownBy(() -> acme.subscribe("trades.BTC-USD", null).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(RequestException.class)
                .hasMessageContaining("unknown channel");
            server.nextReceived();

            server.push("{\"type\":\"ticker\",\"symbol\":\"BTC-USD\",\"bid\":100.5,\"ask\":101,\"ts\":1700000000000}");
            server.push("{\"ts\":1700000000001,\"ask\":102.25,\"bid\":99,\"symbol\":\"ETH-USD\",\"type\":\"ticker\"}");
            server.push("{\"type\":\"ping\",\"ts\":1700000000002}");
            assertThat(tickers.poll(5, TimeUnit.SECONDS)).isEqualTo("BTC-USD 100.5/101 1700000000000 true");
            assertThat(tickers.poll(5, TimeUnit.SECONDS)).isEqualTo("ETH-USD 99/102.25 1700000000001 false");
            assertThat(server.nextReceived()).isEqualTo("{\"type\":\"pong\",\"ts\":1700000000002}");

            acme.unsubscribe("ticker.BTC-USD").get(5, TimeUnit.SECONDS);
            assertThat(server.nextReceived()).contains("\"op\":\"unsubscribe\"");
            acme.close();
            acme.closeFuture().get(5, TimeUnit.SECONDS);
            assertThat(tickers).isEmpty();
        }
    }

    @Test
    void shouldKeepTheExampleInDocsAdaptersVerbatim() throws IOException
    {
        final String source = Files.readString(Path.of(EXAMPLE_SOURCE), StandardCharsets.UTF_8);
        final String doc = Files.readString(Path.of("..", "docs", "ADAPTERS.md"), StandardCharsets.UTF_8);

        final int begin = doc.indexOf(BEGIN_MARKER);
        final int end = doc.indexOf(END_MARKER, begin);
        assertThat(begin).as("begin marker in docs/ADAPTERS.md").isNotNegative();
        assertThat(end).as("end marker in docs/ADAPTERS.md").isPositive();
        assertThat(doc.substring(begin + BEGIN_MARKER.length(), end)).isEqualTo(source);
    }
}

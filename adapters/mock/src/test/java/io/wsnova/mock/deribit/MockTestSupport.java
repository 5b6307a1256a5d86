package io.wsnova.mock.deribit;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small given/then helpers shared by the mock's tests.
 */
final class MockTestSupport
{
    static final String CLIENT_ID = "mock-client";
    static final String CLIENT_SECRET = "mock-secret-never-printed";
    /** Bound of every wait (the mock applies some effects just after the response is queued). */
    static final long WAIT_MS = 5_000;

    private MockTestSupport()
    {
    }

    static MockDeribitConfig.Builder config()
    {
        return MockDeribitConfig.builder().account(CLIENT_ID, CLIENT_SECRET);
    }

    static MockDeribitExchange started(final MockDeribitConfig config)
    {
        final MockDeribitExchange exchange = new MockDeribitExchange(config);
        exchange.start();
        return exchange;
    }

    /**
     * Walks maps by key and lists by decimal index.
     */
    static Object path(final Object root, final String... keys)
    {
        Object node = root;
        for (final String key : keys)
        {
            if (node instanceof Map<?, ?> map)
            {
                node = map.get(key);
            }
            else if (node instanceof List<?> list)
            {
                node = list.get(Integer.parseInt(key));
            }
            else
            {
                return null;
            }
        }
        return node;
    }

    static Set<String> keys(final Object map)
    {
        final Set<String> keys = new TreeSet<>();
        for (final Object key : ((Map<?, ?>)map).keySet())
        {
            keys.add((String)key);
        }
        return keys;
    }

    static long number(final Object root, final String... keys)
    {
        return ((BigDecimal)path(root, keys)).longValueExact();
    }

    static BigDecimal decimal(final Object root, final String... keys)
    {
        return (BigDecimal)path(root, keys);
    }

    static void assertError(final Map<?, ?> response, final int code, final String message)
    {
        assertThat(response.containsKey("result")).as("has no result: %s", response).isFalse();
        assertThat(number(response, "error", "code")).as("error code of %s", response).isEqualTo(code);
        assertThat(path(response, "error", "message")).isEqualTo(message);
    }

    static Object result(final Map<?, ?> response)
    {
        assertThat(response.containsKey("error")).as("no error: %s", response).isFalse();
        assertThat(response.containsKey("result")).as("has a result: %s", response).isTrue();
        return response.get("result");
    }

    static void authenticate(final MockClient client) throws InterruptedException
    {
        result(client.call("public/auth", "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + CLIENT_ID +
            "\",\"client_secret\":\"" + CLIENT_SECRET + "\"}"));
    }
}

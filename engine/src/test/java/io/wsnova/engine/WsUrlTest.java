package io.wsnova.engine;

import io.wsnova.engine.api.WsUrl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WsUrlTest
{
    @Test
    void shouldDefaultPortAndPathForWs()
    {
        final WsUrl url = WsUrl.parse("ws://example.com");

        assertThat(url).isEqualTo(new WsUrl(false, "example.com", 80, "/"));
        assertThat(url.hostHeader()).isEqualTo("example.com");
    }

    @Test
    void shouldDefaultPortForWssAndKeepPathAndQuery()
    {
        final WsUrl url = WsUrl.parse("wss://test.deribit.com/ws/api/v2?x=1&y=%20");

        assertThat(url).isEqualTo(new WsUrl(true, "test.deribit.com", 443, "/ws/api/v2?x=1&y=%20"));
    }

    @Test
    void shouldPutNonDefaultPortInHostHeader()
    {
        assertThat(WsUrl.parse("WS://127.0.0.1:9001/echo").hostHeader()).isEqualTo("127.0.0.1:9001");
    }

    @Test
    void shouldBracketIpv6InHostHeader()
    {
        final WsUrl url = WsUrl.parse("ws://[::1]:8080/");

        assertThat(url.host()).isEqualTo("::1");
        assertThat(url.hostHeader()).isEqualTo("[::1]:8080");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/", "example.com", "ws:///nohost", "ws://example.com:0/",
        "ws://example.com:70000/", "ws://example.com/#frag", "", "ws://exa mple.com/"})
    void shouldRejectInvalidUrl(final String url)
    {
        assertThatThrownBy(() -> WsUrl.parse(url))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("url:");
    }

    @Test
    void shouldRedactQueryInToStringButSendItInTheRequestLine()
    {
        final WsUrl url = WsUrl.parse("wss://venue.example:8443/ws/v1?token=SECRET&sig=abc");

        assertThat(url.toString()).isEqualTo("wss://venue.example:8443/ws/v1?<redacted>");
        assertThat(url.toString()).doesNotContain("SECRET");
        assertThat(url.resource()).isEqualTo("/ws/v1?token=SECRET&sig=abc");
    }

    @Test
    void shouldShowUrlWithoutQueryInFull()
    {
        assertThat(WsUrl.parse("ws://[::1]:8080/a/b").toString()).isEqualTo("ws://[::1]:8080/a/b");
        assertThat(WsUrl.parse("wss://test.deribit.com/ws/api/v2").toString())
            .isEqualTo("wss://test.deribit.com/ws/api/v2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/?token=SECRET", "ws://example.com:0/?token=SECRET",
        "ws://example.com/?token=SECRET#frag", "ws://exa mple.com/?token=SECRET", "ws://h/x?token=SECRET bad"})
    void shouldNotQuoteQueryOfAnInvalidUrl(final String url)
    {
        assertThatThrownBy(() -> WsUrl.parse(url))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("url:")
            .hasMessageNotContaining("SECRET")
            .satisfies(ex -> assertThat(String.valueOf(ex.getCause())).doesNotContain("SECRET"));
    }
}

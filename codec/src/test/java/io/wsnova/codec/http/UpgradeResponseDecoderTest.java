package io.wsnova.codec.http;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import io.wsnova.testkit.Allocation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static io.wsnova.codec.http.UpgradeResponseDecoder.ERR_ACCEPT;
import static io.wsnova.codec.http.UpgradeResponseDecoder.ERR_CONNECTION_HEADER;
import static io.wsnova.codec.http.UpgradeResponseDecoder.ERR_EXTENSION;
import static io.wsnova.codec.http.UpgradeResponseDecoder.ERR_HTTP_VERSION;
import static io.wsnova.codec.http.UpgradeResponseDecoder.ERR_MALFORMED;
import static io.wsnova.codec.http.UpgradeResponseDecoder.ERR_STATUS;
import static io.wsnova.codec.http.UpgradeResponseDecoder.ERR_SUBPROTOCOL;
import static io.wsnova.codec.http.UpgradeResponseDecoder.ERR_TOO_LARGE;
import static io.wsnova.codec.http.UpgradeResponseDecoder.ERR_UPGRADE_HEADER;
import static io.wsnova.codec.http.UpgradeResponseDecoder.ERR_VERSION;
import static io.wsnova.codec.http.UpgradeResponseDecoder.NEED_MORE_DATA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpgradeResponseDecoderTest
{
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    private static final String COOKIE_SECRET = "session=c00k13-s3cr3t";
    private static final String STATUS_101 = "HTTP/1.1 101 Switching Protocols\r\n";
    private static final String UPGRADE = "Upgrade: websocket\r\n";
    private static final String CONNECTION = "Connection: Upgrade\r\n";
    private static final String ACCEPT_HEADER = "Sec-WebSocket-Accept: " + ACCEPT + "\r\n";
    private static final String VALID = STATUS_101 + UPGRADE + CONNECTION + ACCEPT_HEADER + "\r\n";
    private static final byte[] FRAME_HI = {(byte) 0x81, 0x02, 'h', 'i'};

    private UpgradeResponseDecoder decoder = new UpgradeResponseDecoder(KEY, List.of("chat", "superchat"), 4096);

    @Test
    void shouldAcceptResponseWhenHeaderNamesAndTokensHaveMixedCaseAndExtraHeaders()
    {
        final String response =
            "HTTP/1.1 101 Switching Protocols\r\n" +
            "Server: test\r\n" +
            "uPgRaDe: WebSocket\r\n" +
            "CONNECTION: keep-alive, upgrade\r\n" +
            "sec-websocket-accept:" + ACCEPT + "  \r\n" +
            "Set-Cookie: " + COOKIE_SECRET + "\r\n" +
            "X-Tab:\tvalue with \u00e9 obs-text\t\r\n" +
            "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n" +
            "\r\n";

        assertThat(decode(response)).isEqualTo(response.length());
        assertThat(decoder.statusCode()).isEqualTo(101);
        assertThat(decoder.statusLine()).isEqualTo("HTTP/1.1 101 Switching Protocols");
        assertThat(decoder.errorMessage()).isNull();
        assertThat(decoder.subprotocol()).isNull();
        assertThat(decoder.location()).isNull();
        assertThat(decoder.header("SERVER")).isEqualTo("test");
        assertThat(decoder.header("set-cookie")).isEqualTo(COOKIE_SECRET);
        assertThat(decoder.header("x-tab")).isEqualTo("value with \u00e9 obs-text");
        assertThat(decoder.header("X-Absent")).isNull();
        assertThat(decoder.headerCount()).isEqualTo(7);
        assertThat(decoder.headerName(2)).isEqualTo("CONNECTION");
        assertThat(decoder.headerValue(3)).isEqualTo(ACCEPT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 101\r\n", "HTTP/1.1 101 \r\n", "HTTP/1.1 101 OK go\t\u00ff\r\n", "HTTP/1.2 101 x\r\n"})
    void shouldAcceptStatusLineWhenReasonIsEmptyOrUnusual(final String statusLine)
    {
        final String response = statusLine + UPGRADE + CONNECTION + ACCEPT_HEADER + "\r\n";

        assertThat(decode(response)).isEqualTo(response.length());
    }

    @Test
    void shouldAcceptConnectionAndUpgradeWhenSplitAcrossFieldLines()
    {
        final String response = STATUS_101 + "Connection: keep-alive\r\n" + "Upgrade: websocket,\r\n" +
            "Connection: , Upgrade ,\r\n" + ACCEPT_HEADER + "\r\n";

        assertThat(decode(response)).isEqualTo(response.length());
    }

    @Test
    void shouldNeedMoreDataUntilLastByteWhenSplitAtEveryPosition()
    {
        final byte[] bytes = ascii(VALID);
        for (int split = 0; split < bytes.length; split++)
        {
            final UpgradeResponseDecoder fresh = new UpgradeResponseDecoder(KEY, List.of(), 4096);
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);

            assertThat(fresh.decode(buffer, 0, split)).as("first part %d", split).isEqualTo(NEED_MORE_DATA);
            assertThat(fresh.decode(buffer, 0, bytes.length)).as("whole after %d", split).isEqualTo(bytes.length);
        }
    }

    @Test
    void shouldNeedMoreDataUntilLastByteWhenFedOneByteAtATime()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(concat(ascii(VALID), FRAME_HI));
        final int headLength = VALID.length();

        for (int length = 0; length < headLength; length++)
        {
            assertThat(decoder.decode(buffer, 0, length)).as("length %d", length).isEqualTo(NEED_MORE_DATA);
        }
        assertThat(decoder.decode(buffer, 0, headLength)).isEqualTo(headLength);
        assertThat(decoder.decode(buffer, 0, headLength + FRAME_HI.length)).isEqualTo(headLength);
    }

    @Test
    void shouldDecodeSameWhenStreamIsChoppedRandomly()
    {
        final long seed = Long.getLong("wsnova.test.seed", System.nanoTime());
        System.out.println("shouldDecodeSameWhenStreamIsChoppedRandomly seed=" + seed);
        final Random random = new Random(seed);
        final byte[] bytes = concat(ascii(VALID), FRAME_HI);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 16]);

        for (int run = 0; run < 500; run++)
        {
            final int offset = random.nextInt(16);
            buffer.putBytes(offset, bytes);
            final UpgradeResponseDecoder fresh = new UpgradeResponseDecoder(KEY, List.of(), 4096);
            int received = 0;
            int result = NEED_MORE_DATA;
            while (NEED_MORE_DATA == result)
            {
                received = Math.min(bytes.length, received + 1 + random.nextInt(40));
                result = fresh.decode(buffer, offset, received);
                if (received < VALID.length())
                {
                    assertThat(result).as("seed %d received %d", seed, received).isEqualTo(NEED_MORE_DATA);
                }
            }
            assertThat(result).as("seed %d", seed).isEqualTo(VALID.length());
        }
    }

    @Test
    void shouldReturnHeadLengthOnlyWhenFrameBytesFollowInSameRead()
    {
        final byte[] bytes = concat(ascii(VALID), FRAME_HI);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 10]);
        buffer.putBytes(10, bytes);

        final int headLength = decoder.decode(buffer, 10, bytes.length);

        assertThat(headLength).isEqualTo(VALID.length());
        assertThat(buffer.getByte(10 + headLength)).isEqualTo((byte) 0x81);
        assertThat(bytes.length - headLength).isEqualTo(FRAME_HI.length);
    }

    @Test
    void shouldReturnHeadLengthWhenFrameBytesLookLikeHttp()
    {
        final String response = VALID + "\r\n\r\nHTTP/1.1 200 OK\r\n\r\n";

        assertThat(decode(response)).isEqualTo(VALID.length());
    }

    @Test
    void shouldReportStatusLineWhenServiceUnavailable()
    {
        final String response = "HTTP/1.1 503 Service Unavailable\r\nSet-Cookie: " + COOKIE_SECRET +
            "\r\nContent-Length: 5\r\n\r\nbusy!";

        assertThat(decode(response)).isEqualTo(ERR_STATUS);
        assertThat(decoder.statusCode()).isEqualTo(503);
        assertThat(decoder.statusLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
        assertThat(decoder.errorMessage()).isEqualTo("handshake rejected: HTTP/1.1 503 Service Unavailable");
        assertThat(decoder.location()).isNull();
        assertThat(decoder.header("Content-Length")).isEqualTo("5");
    }

    @ParameterizedTest
    @CsvSource({"301, Moved Permanently", "302, Found", "307, Temporary Redirect", "308, Permanent Redirect"})
    void shouldReportLocationWhenRedirected(final int status, final String reason)
    {
        final String response = "HTTP/1.1 " + status + " " + reason + "\r\n" +
            "Set-Cookie: " + COOKIE_SECRET + "\r\n" +
            "Location: wss://other.example.com/ws?v=2\r\n\r\n";

        assertThat(decode(response)).isEqualTo(ERR_STATUS);
        assertThat(decoder.statusCode()).isEqualTo(status);
        assertThat(decoder.location()).isEqualTo("wss://other.example.com/ws?v=2");
        assertThat(decoder.errorMessage())
            .isEqualTo("handshake rejected: HTTP/1.1 " + status + " " + reason +
                ", Location: wss://other.example.com/ws?v=2")
            .doesNotContain(COOKIE_SECRET);
    }

    @Test
    void shouldIgnoreLocationWhenNotARedirectOrNotAUri()
    {
        assertThat(decode("HTTP/1.1 200 OK\r\nLocation: /x\r\n\r\n")).isEqualTo(ERR_STATUS);
        assertThat(decoder.location()).isNull();

        decoder.reset(KEY);
        assertThat(decode("HTTP/1.1 302 Found\r\nLocation: /a b\r\n\r\n")).isEqualTo(ERR_STATUS);
        assertThat(decoder.location()).isNull();
    }

    @Test
    void shouldReportStatusWhenHttp10ProxyRejects()
    {
        assertThat(decode("HTTP/1.0 502 Bad Gateway\r\n\r\n")).isEqualTo(ERR_STATUS);
        assertThat(decoder.statusCode()).isEqualTo(502);
    }

    @Test
    void shouldRejectSwitchingProtocolsWhenHttp10()
    {
        assertThat(decode("HTTP/1.0 101 Switching Protocols\r\n" + UPGRADE + CONNECTION + ACCEPT_HEADER + "\r\n"))
            .isEqualTo(ERR_HTTP_VERSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Upgrade: h2c\r\n", "Upgrade: websocket, h2c\r\n", "Upgrade: websocket/13\r\n",
        "Upgrade:\r\n", "Upgrade: web socket\r\n", "X-Upgrade: websocket\r\n"})
    void shouldRejectResponseWhenUpgradeHeaderMissingOrWrong(final String upgrade)
    {
        assertThat(decode(STATUS_101 + upgrade + CONNECTION + ACCEPT_HEADER + "\r\n")).isEqualTo(ERR_UPGRADE_HEADER);
        assertThat(decoder.errorMessage()).contains("Upgrade");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Connection: keep-alive\r\n", "Connection: Upgraded\r\n", "Connection:\r\n",
        "Connection: keep-alive Upgrade\r\n", "Proxy-Connection: Upgrade\r\n"})
    void shouldRejectResponseWhenConnectionHeaderMissingOrWrong(final String connection)
    {
        assertThat(decode(STATUS_101 + UPGRADE + connection + ACCEPT_HEADER + "\r\n")).isEqualTo(ERR_CONNECTION_HEADER);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo\r\n",
        "Sec-WebSocket-Accept: S3PPLMBITXAQ9KYGZZHZRBK+XOO=\r\n",
        "Sec-WebSocket-Accept: dGhlIHNhbXBsZSBub25jZQ==\r\n",
        "Sec-WebSocket-Accept:\r\n",
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=, s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n",
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"})
    void shouldRejectResponseWhenAcceptMissingWrongOrDuplicated(final String accept)
    {
        assertThat(decode(STATUS_101 + UPGRADE + CONNECTION + accept + "Set-Cookie: " + COOKIE_SECRET + "\r\n\r\n"))
            .isEqualTo(ERR_ACCEPT);
        assertThat(decoder.errorMessage()).contains("Sec-WebSocket-Accept").doesNotContain(COOKIE_SECRET);
    }

    @Test
    void shouldRejectAcceptWhenComputedForAnotherKey()
    {
        decoder.reset(HandshakeKeys.generateKey(new Random(7)));

        assertThat(decode(VALID)).isEqualTo(ERR_ACCEPT);
        assertThat(decoder.errorMessage()).isEqualTo("Sec-WebSocket-Accept mismatch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat", "superchat"})
    void shouldSelectSubprotocolWhenServerPicksAnOfferedOne(final String protocol)
    {
        final String response = STATUS_101 + UPGRADE + CONNECTION + ACCEPT_HEADER +
            "Sec-WebSocket-Protocol: " + protocol + "\r\n\r\n";

        assertThat(decode(response)).isEqualTo(response.length());
        assertThat(decoder.subprotocol()).isEqualTo(protocol);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Sec-WebSocket-Protocol: mqtt\r\n",
        "Sec-WebSocket-Protocol: Chat\r\n",
        "Sec-WebSocket-Protocol: chat, superchat\r\n",
        "Sec-WebSocket-Protocol:\r\n",
        "Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Protocol: chat\r\n"})
    void shouldRejectSubprotocolWhenNotOfferedOrNotSingle(final String protocol)
    {
        assertThat(decode(STATUS_101 + UPGRADE + CONNECTION + ACCEPT_HEADER + protocol + "\r\n"))
            .isEqualTo(ERR_SUBPROTOCOL);
        assertThat(decoder.subprotocol()).isNull();
    }

    @Test
    void shouldRejectSubprotocolWhenClientOfferedNone()
    {
        decoder = new UpgradeResponseDecoder(KEY, null, 4096);

        assertThat(decode(STATUS_101 + UPGRADE + CONNECTION + ACCEPT_HEADER + "Sec-WebSocket-Protocol: chat\r\n\r\n"))
            .isEqualTo(ERR_SUBPROTOCOL);
        assertThat(decoder.errorMessage()).endsWith(": chat");
    }

    @ParameterizedTest
    @ValueSource(strings = {"permessage-deflate", "permessage-deflate; client_max_window_bits", "x-webkit", ""})
    void shouldRejectAnyExtension(final String extension)
    {
        assertThat(decode(STATUS_101 + UPGRADE + CONNECTION + ACCEPT_HEADER +
            "Sec-WebSocket-Extensions: " + extension + "\r\n\r\n")).isEqualTo(ERR_EXTENSION);
        assertThat(decoder.errorMessage()).doesNotContain("deflate");
    }

    @Test
    void shouldCheckWebSocketVersionWhenPresentIn101()
    {
        final String ok = STATUS_101 + UPGRADE + CONNECTION + ACCEPT_HEADER + "Sec-WebSocket-Version: 13\r\n\r\n";
        assertThat(decode(ok)).isEqualTo(ok.length());

        decoder.reset(KEY);
        assertThat(decode(STATUS_101 + UPGRADE + CONNECTION + ACCEPT_HEADER + "Sec-WebSocket-Version: 8\r\n\r\n"))
            .isEqualTo(ERR_VERSION);
    }

    @Test
    void shouldReportStatusWhenUpgradeRequiredWithSupportedVersions()
    {
        assertThat(decode("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 8, 7\r\n\r\n"))
            .isEqualTo(ERR_STATUS);
        assertThat(decoder.header("sec-websocket-version")).isEqualTo("8, 7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n"})
    void shouldRejectSwitchingProtocolsWhenItAnnouncesABody(final String header)
    {
        assertThat(decode(STATUS_101 + UPGRADE + CONNECTION + ACCEPT_HEADER + header + "\r\n"))
            .isEqualTo(ERR_MALFORMED);
    }

    @Test
    void shouldAcceptZeroContentLengthIn101()
    {
        final String response = STATUS_101 + UPGRADE + CONNECTION + ACCEPT_HEADER + "Content-Length: 0\r\n\r\n";

        assertThat(decode(response)).isEqualTo(response.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "X-Folded: a\r\n b\r\n",
        "X-Folded: a\r\n\tb\r\n",
        "NoColon\r\n",
        "X-Space : v\r\n",
        ": empty-name\r\n",
        "X(bad): v\r\n",
        "X-\u00e9: v\r\n"})
    void shouldRejectHeaderLineWhenMalformed(final String line)
    {
        assertThat(decode(STATUS_101 + UPGRADE + CONNECTION + ACCEPT_HEADER + line + "\r\n")).isEqualTo(ERR_MALFORMED);
        assertThat(decoder.headerCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 1010 Switching\r\n",
        "HTTP/1.1 10 Switching\r\n",
        "HTTP/1.1  101 Switching\r\n",
        "HTTP/1.1 101\tSwitching\r\n",
        "HTTP/1.1 099 Low\r\n",
        "HTTP/1.1 601 High\r\n",
        "HTTP/1.1 1a1 Hex\r\n",
        "HTTP/1.x 101 Switching\r\n",
        "HTTP/1.1\r\n",
        "HTTP/1.1 \r\n"})
    void shouldRejectStatusLineWhenMalformed(final String statusLine)
    {
        assertThat(decode(statusLine + UPGRADE + CONNECTION + ACCEPT_HEADER + "\r\n")).isEqualTo(ERR_MALFORMED);
        assertThat(decoder.statusCode()).isZero();
        assertThat(decoder.errorMessage()).startsWith("malformed status line: HTTP/1.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2 101 Switching\r\n", "http/1.1 101 Switching\r\n", "\r\nHTTP/1.1 101 Switching\r\n",
        " HTTP/1.1 101 Switching\r\n", "HTTP/1,"})
    void shouldRejectResponseWhenNotHttp1(final String start)
    {
        final String response = start.length() > 8 ?
            start + UPGRADE + CONNECTION + ACCEPT_HEADER + "\r\n" : start + "x";

        assertThat(decode(response)).isEqualTo(ERR_MALFORMED);
        assertThat(decoder.errorMessage()).isEqualTo("not an HTTP/1.x response");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 101 Switching Protocols\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\n",
        "HTTP/1.1 101 Switching Protocols\r\n\n",
        "HTTP/1.1 101 Switching Protocols\r\r\n",
        "HTTP/1.1 101 Switching Protocols\rUpgrade: websocket",
        "HTTP/1.1 101 Switching\u0000Protocols",
        "HTTP/1.1 101 Switching Protocols\r\nX: a\u0001b",
        "HTTP/1.1 101 Switching Protocols\r\nX: a\u007fb"})
    void shouldFailAtOnceWhenLineEndingIsBareOrControlCharacterAppears(final String partial)
    {
        assertThat(decode(partial)).isEqualTo(ERR_MALFORMED);
    }

    @Test
    void shouldRejectHeadWhenLongerThanMaxHeaderBytes()
    {
        final int max = 256;
        final String fitting = STATUS_101 + UPGRADE + CONNECTION + ACCEPT_HEADER +
            "X: " + "a".repeat(max - VALID.length() - 5) + "\r\n\r\n";
        assertThat(fitting).hasSize(max);
        final byte[] tooLong = ascii(fitting.replace("X: a", "X: aa"));

        decoder = new UpgradeResponseDecoder(KEY, null, max);
        assertThat(decode(fitting)).isEqualTo(max);

        decoder.reset(KEY);
        assertThat(decoder.decode(new UnsafeBuffer(tooLong), 0, max - 1)).isEqualTo(NEED_MORE_DATA);
        assertThat(decoder.decode(new UnsafeBuffer(tooLong), 0, max)).isEqualTo(ERR_TOO_LARGE);
        assertThat(decoder.errorMessage()).contains("maxHeaderBytes=" + max);
    }

    @Test
    void shouldRejectEndlessHeadersWhenStatusIsNotYetKnownToBeBad()
    {
        decoder = new UpgradeResponseDecoder(KEY, null, 1024);
        final byte[] endless = ascii(STATUS_101 + "X: y\r\n".repeat(1000));

        assertThat(decoder.decode(new UnsafeBuffer(endless), 0, endless.length)).isEqualTo(ERR_TOO_LARGE);
    }

    @Test
    void shouldRejectBinaryGarbageAtFirstByte()
    {
        final byte[] tlsAlert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};

        assertThat(decoder.decode(new UnsafeBuffer(tlsAlert), 0, 1)).isEqualTo(ERR_MALFORMED);
        assertThat(decoder.statusLine()).isNull();
        assertThat(decoder.statusCode()).isZero();
    }

    @Test
    void shouldNeverThrowOrAcceptWhenInputIsRandomOrMutated()
    {
        final long seed = Long.getLong("wsnova.test.seed", System.nanoTime());
        System.out.println("shouldNeverThrowOrAcceptWhenInputIsRandomOrMutated seed=" + seed);
        final Random random = new Random(seed);
        final byte[] valid = ascii(VALID);

        for (int run = 0; run < 20_000; run++)
        {
            final byte[] bytes;
            if (0 == (run & 1))
            {
                bytes = new byte[1 + random.nextInt(300)];
                random.nextBytes(bytes);
                if (random.nextBoolean())
                {
                    System.arraycopy(ascii("HTTP/1.1 "), 0, bytes, 0, Math.min(9, bytes.length));
                }
            }
            else
            {
                bytes = valid.clone();
                final int index = random.nextInt(bytes.length);
                bytes[index] = (byte) random.nextInt(256);
            }

            final UpgradeResponseDecoder fresh = new UpgradeResponseDecoder(KEY, List.of("chat"), 256);
            final int result = fresh.decode(new UnsafeBuffer(bytes), 0, bytes.length);

            assertThat(result).as("seed %d run %d", seed, run).isLessThanOrEqualTo(bytes.length);
            if (result < 0)
            {
                assertThat(fresh.errorMessage()).as("seed %d run %d", seed, run).isNotNull().matches("[ -~]*");
            }
            if (null != fresh.statusLine())
            {
                assertThat(fresh.statusLine()).matches("[ -~]{0,259}");
            }
        }
    }

    @Test
    void shouldSanitiseAndBoundStatusLineWhenReasonIsHostile()
    {
        final String reason = "\u00e9vil " + "x".repeat(1000);
        final byte[] bytes = ("HTTP/1.1 500 " + reason + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        final UpgradeResponseDecoder fresh = new UpgradeResponseDecoder(KEY, null, 4096);

        assertThat(fresh.decode(new UnsafeBuffer(bytes), 0, bytes.length)).isEqualTo(ERR_STATUS);
        assertThat(fresh.statusLine()).startsWith("HTTP/1.1 500 ?vil xxx").endsWith("...").hasSize(259);
        assertThat(fresh.errorMessage()).isEqualTo("handshake rejected: " + fresh.statusLine());
    }

    @Test
    void shouldKeepResultUntilResetThenDecodeNextResponse()
    {
        assertThat(decode("HTTP/1.1 503 Busy\r\n\r\n")).isEqualTo(ERR_STATUS);
        assertThat(decode(VALID)).isEqualTo(ERR_STATUS);

        final String nextKey = HandshakeKeys.generateKey(new Random(1));
        decoder.reset(nextKey);
        assertThat(decoder.statusCode()).isZero();
        assertThat(decoder.statusLine()).isNull();
        assertThat(decoder.errorMessage()).isNull();
        assertThat(decoder.headerCount()).isZero();

        final String next = VALID.replace(ACCEPT, HandshakeKeys.acceptKey(nextKey));
        assertThat(decode(next)).isEqualTo(next.length());
        assertThat(decode(next + "more")).isEqualTo(next.length());
    }

    @Test
    void shouldRescanWhenCallerRestartsWithShorterInput()
    {
        final byte[] garbage = ascii("HTTP/1.1 101 Switching Protocols\r\nX: 1");
        assertThat(decoder.decode(new UnsafeBuffer(garbage), 0, garbage.length)).isEqualTo(NEED_MORE_DATA);

        assertThat(decode(VALID)).isEqualTo(VALID.length());
    }

    @Test
    void shouldRejectInvalidConstructorArguments()
    {
        assertThatThrownBy(() -> new UpgradeResponseDecoder("short", null, 4096))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UpgradeResponseDecoder(null, null, 4096))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UpgradeResponseDecoder(KEY, null, UpgradeResponseDecoder.MIN_MAX_HEADER_BYTES - 1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UpgradeResponseDecoder(KEY, List.of("a b"), 4096))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.reset("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(new UnsafeBuffer(new byte[1]), -1, 1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNameEveryResultCode()
    {
        assertThat(UpgradeResponseDecoder.errorName(NEED_MORE_DATA)).isEqualTo("NEED_MORE_DATA");
        assertThat(UpgradeResponseDecoder.errorName(ERR_ACCEPT)).isEqualTo("ERR_ACCEPT");
        assertThat(UpgradeResponseDecoder.errorName(ERR_VERSION)).isEqualTo("ERR_VERSION");
        assertThat(UpgradeResponseDecoder.errorName(42)).isEqualTo("OK");
        assertThat(UpgradeResponseDecoder.errorName(-99)).isEqualTo("UNKNOWN");
        for (int code = ERR_VERSION; code < 0; code++)
        {
            assertThat(UpgradeResponseDecoder.errorName(code)).startsWith("ERR_");
        }
    }

    @Test
    void shouldNotAllocateWhileWaitingForMoreData()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ascii(VALID));
        final int incomplete = VALID.length() - 1;
        for (int i = 0; i < 20_000; i++)
        {
            final UpgradeResponseDecoder warm = new UpgradeResponseDecoder(KEY, null, 4096);
            for (int length = 0; length < incomplete; length++)
            {
                warm.decode(buffer, 0, length);
            }
        }

        final long before = Allocation.currentThreadBytes();
        int results = 0;
        for (int length = 0; length < incomplete; length++)
        {
            results += decoder.decode(buffer, 0, length);
        }
        final long allocatedBytes = Allocation.currentThreadBytes() - before;

        assertThat(results).isEqualTo(NEED_MORE_DATA);
        assertThat(allocatedBytes).isZero();
    }

    private int decode(final String response)
    {
        final byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        return decoder.decode(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static byte[] ascii(final String value)
    {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}

package io.wsnova.cli;

import io.wsnova.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property test of the replay server's request matching: seeded random sessions of recorded requests, answers and
 * notifications (ids of every JSON kind: small and very large integers, negative ones, strings with escapes; the id
 * member first, last or in between, with whitespace around its colon; Deribit {@code id}, OKX string {@code id},
 * Bybit {@code req_id}; an {@code id} nested in params, results and notifications), replayed by a client that
 * sends the same requests with its own ids, in another order, some missing and some extra. The server must answer
 * every request it matched exactly once with the client's own id, pass notifications unchanged, withhold (and count)
 * the answers whose request never came rather than send them with a recorded id, count the client's extra requests,
 * and keep serving. Seed printed; {@code -Dwsnova.seed=N} repeats a run.
 */
@Timeout(120)
class ReplayServerMatchingPropertyTest
{
    private static final int CASES = 40;
    /** Only a request that never comes waits for it: the answers wait for all the client's requests first. */
    private static final long ANSWER_TIMEOUT_MS = 100;
    private static final long FRAMES_TIMEOUT_MS = 10_000;
    private static final String END = "{\"end\":true}";
    private static final String[] METHODS = {"public/subscribe", "public/unsubscribe", "public/set_heartbeat",
        "public/test", "subscribe"};
    private static final String[] CHANNELS = {"book.BTC-PERPETUAL.100ms", "trades.BTC-PERPETUAL.100ms",
        "orderbook.50.BTCUSDT", "tickers"};
    private static final String[] SPACES = {"", " ", "  ", "\t", "\n "};

    @Test
    void shouldAnswerEachMatchedRequestOnceWithTheClientsOwnId() throws Exception
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("ReplayServerMatchingPropertyTest seed " + seed + " (-Dwsnova.seed=" + seed +
            " to repeat)");
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < CASES; i++)
        {
            sessions.add(Session.random(random));
        }
        final List<ReplayServer.Segment> segments = new ArrayList<>();
        for (final Session session : sessions)
        {
            segments.add(new ReplayServer.Segment(0, session.recorded, null, 0, 0, session.liveRequests, 0));
        }
        final ReplayServer server = new ReplayServer(segments, false, () -> 0L, FRAMES_TIMEOUT_MS,
            ANSWER_TIMEOUT_MS);
        final int port = server.startAndAwait();
        try
        {
            for (int i = 0; i < CASES; i++)
            {
                final Session session = sessions.get(i);
                final long unmatchedAnswersBefore = server.unmatchedAnswers();
                final long unmatchedRequestsBefore = server.unmatchedRequests();
                final BlockingQueue<String> received = new LinkedBlockingQueue<>();
                final WebSocket ws = ReplayServerTest.connect(port, received);
                try
                {
                    for (final String request : session.replayRequests)
                    {
                        ws.sendText(request, true).get(10, TimeUnit.SECONDS);
                    }
                    final List<String> messages = new ArrayList<>();
                    String message;
                    while (!END.equals(message = received.poll(10, TimeUnit.SECONDS)))
                    {
                        assertThat(message).as("seed %s case %s: the server stopped serving", seed, i).isNotNull();
                        messages.add(message);
                    }
                    assertThat(server.gateTimeouts()).as("seed %s case %s: frames gate", seed, i).isZero();
                    assertThat(messages).as("seed %s case %s: %s", seed, i, session).isEqualTo(session.expected);
                    assertThat(server.unmatchedAnswers() - unmatchedAnswersBefore).as("seed %s case %s", seed, i)
                        .isEqualTo(session.expectedUnmatchedAnswers);
                    final long extra = session.expectedUnmatchedRequests;
                    assertThat(Await.within(() -> server.unmatchedRequests() - unmatchedRequestsBefore == extra,
                        5_000)).as("seed %s case %s: %s extra requests counted, %s expected", seed, i,
                        server.unmatchedRequests() - unmatchedRequestsBefore, extra).isTrue();
                }
                finally
                {
                    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
                }
            }
        }
        finally
        {
            server.stop(1000);
        }
    }

    @Test
    void shouldFindOnlyATopLevelIdOfAStringOrAnInteger()
    {
        assertThat(id("{\"params\":{\"id\":5},\"id\":7}")).isEqualTo("id=7");
        assertThat(id("{\"data\":[{\"id\":5}],\"text\":\"\\\"id\\\":3\"}")).isNull();
        assertThat(id("{ \"req_id\" :\t\"a\\\"b\" ,\"id\":1}")).isEqualTo("req_id=\"a\\\"b\"");
        assertThat(id("{\"id\":null,\"req_id\":\"9\"}")).isEqualTo("req_id=\"9\"");
        assertThat(id("{\"id\":1.5}")).isNull();
        assertThat(id("{\"id\":-123456789012345678901234567890}")).isEqualTo("id=-123456789012345678901234567890");
        assertThat(id("[{\"id\":1}]")).isNull();
        assertThat(id("{\"id\":")).isNull();
        assertThat(id("{\"id\":\"unterminated")).isNull();
        assertThat(id("")).isNull();
    }

    private static String id(final String text)
    {
        final ReplayServer.IdMember id = ReplayServer.IdMember.find(text);
        return id == null ? null : id.key(text);
    }

    /**
     * One random recorded WebSocket and its replay.
     */
    private static final class Session
    {
        private final List<String> liveRequests = new ArrayList<>();
        private final List<ReplayServer.Message> recorded = new ArrayList<>();
        private final List<String> replayRequests = new ArrayList<>();
        private final List<String> expected = new ArrayList<>();
        private long expectedUnmatchedAnswers;
        private long expectedUnmatchedRequests;

        static Session random(final SplittableRandom random)
        {
            final Session session = new Session();
            final Set<String> usedIds = new HashSet<>();
            final boolean bybit = random.nextInt(3) == 0;
            final String idName = bybit ? "req_id" : "id";
            final Map<String, Template> templates = new HashMap<>();
            final List<Template> live = new ArrayList<>();
            final List<String> liveIds = new ArrayList<>();
            final int requests = 1 + random.nextInt(10);
            for (int i = 0; i < requests; i++)
            {
                final String method = METHODS[random.nextInt(METHODS.length)];
                final String channel = CHANNELS[random.nextInt(CHANNELS.length)];
                final Template template = templates.computeIfAbsent(method + ' ' + channel,
                    k -> Template.random(random, idName, method, channel));
                live.add(template);
                final String id = uniqueId(random, usedIds, template.stringId);
                liveIds.add(id);
                session.liveRequests.add(template.request(id));
            }
            // The replaying client: the same requests with its own ids, in another order, some missing, some extra.
            final List<Integer> order = shuffled(random, requests);
            final List<Template> sent = new ArrayList<>();
            final List<String> sentIds = new ArrayList<>();
            for (final int index : order)
            {
                if (random.nextInt(8) != 0)
                {
                    sent.add(live.get(index));
                }
            }
            final int extras = random.nextInt(3);
            for (int i = 0; i < extras; i++)
            {
                final int at = random.nextInt(sent.size() + 1);
                if (random.nextBoolean())
                {
                    sent.add(at, live.get(random.nextInt(requests)));
                }
                else
                {
                    final Template extra = Template.random(random, idName, "private/extra" + i, "x");
                    sent.add(at, extra);
                }
            }
            for (final Template template : sent)
            {
                final String id = uniqueId(random, usedIds, template.stringId);
                sentIds.add(id);
                session.replayRequests.add(template.request(id));
            }
            // Which replayed request answers which live one: the n-th of a content to the n-th of that content.
            final Map<String, List<String>> replayIdsByContent = new HashMap<>();
            for (int i = 0; i < sent.size(); i++)
            {
                replayIdsByContent.computeIfAbsent(sent.get(i).key, k -> new ArrayList<>()).add(sentIds.get(i));
            }
            final Map<String, Integer> liveCounts = new HashMap<>();
            final List<String> replayIdOfLive = new ArrayList<>();
            for (final Template template : live)
            {
                final int ordinal = liveCounts.merge(template.key, 1, Integer::sum) - 1;
                final List<String> ids = replayIdsByContent.getOrDefault(template.key, List.of());
                replayIdOfLive.add(ordinal < ids.size() ? ids.get(ordinal) : null);
            }
            for (final Map.Entry<String, List<String>> replayed : replayIdsByContent.entrySet())
            {
                session.expectedUnmatchedRequests += Math.max(0,
                    replayed.getValue().size() - liveCounts.getOrDefault(replayed.getKey(), 0));
            }
            // The recording: every live request answered once, answers in any order, notifications in between
            // (some with a nested id equal to a request's).
            for (final int index : shuffled(random, requests))
            {
                while (random.nextInt(3) == 0)
                {
                    final String notification = notification(random, liveIds);
                    session.recorded.add(message(notification));
                    session.expected.add(notification);
                }
                final String nested = liveIds.get(random.nextInt(requests));
                final String[] parts = answer(random, idName, nested);
                session.recorded.add(message(parts[0] + liveIds.get(index) + parts[1]));
                if (replayIdOfLive.get(index) == null)
                {
                    session.expectedUnmatchedAnswers++;
                }
                else
                {
                    session.expected.add(parts[0] + replayIdOfLive.get(index) + parts[1]);
                }
            }
            session.recorded.add(message(END));
            // Live, every answer came after the client had sent its requests: each waits for the client's frames
            // (so that a short answer timeout only ever expires for a request that is really missing).
            for (int i = 0; i < session.recorded.size(); i++)
            {
                final ReplayServer.Message message = session.recorded.get(i);
                session.recorded.set(i, new ReplayServer.Message(false, message.payload(), 1,
                    session.replayRequests.size(), 0));
            }
            return session;
        }

        private static ReplayServer.Message message(final String text)
        {
            return new ReplayServer.Message(false, text.getBytes(StandardCharsets.UTF_8), 1, 0, 0);
        }

        private static String notification(final SplittableRandom random, final List<String> liveIds)
        {
            return switch (random.nextInt(3))
            {
                case 0 -> "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"tickers\"," +
                    "\"data\":{\"id\":" + liveIds.get(random.nextInt(liveIds.size())) + ",\"price\":1.5}}}";
                case 1 -> "{\"topic\":\"publicTrade.BTCUSDT\",\"data\":[{\"i\":\"7\",\"id\":" +
                    liveIds.get(random.nextInt(liveIds.size())) + "}]}";
                default -> "{\"arg\":{\"channel\":\"trades\"},\"data\":[{\"tradeId\":\"" + random.nextInt(1000) +
                    "\"}]}";
            };
        }

        /**
         * An answer split around its id's value: the id member in a random place, whitespace around its colon, a
         * nested id in the result.
         */
        private static String[] answer(final SplittableRandom random, final String idName, final String nestedId)
        {
            final List<String> members = new ArrayList<>(List.of("\"jsonrpc\":\"2.0\"",
                "\"result\":{\"id\":" + nestedId + ",\"channels\":[\"a\",\"{\\\"id\\\":1}\"]}",
                "\"usIn\":" + random.nextLong(Long.MAX_VALUE), "\"testnet\":true"));
            final int at = random.nextInt(members.size() + 1);
            final String space = SPACES[random.nextInt(SPACES.length)];
            final StringBuilder before = new StringBuilder("{");
            final StringBuilder after = new StringBuilder();
            for (int i = 0; i < at; i++)
            {
                before.append(members.get(i)).append(',');
            }
            before.append('"').append(idName).append('"').append(space).append(':').append(space);
            for (int i = at; i < members.size(); i++)
            {
                after.append(',').append(members.get(i));
            }
            after.append('}');
            return new String[] {before.toString(), after.toString()};
        }

        private static String uniqueId(final SplittableRandom random, final Set<String> used, final boolean string)
        {
            while (true)
            {
                final String id;
                if (string)
                {
                    id = switch (random.nextInt(3))
                    {
                        case 0 -> "\"" + random.nextInt(1_000) + "\"";
                        case 1 -> "\"" + Long.toHexString(random.nextLong()) + "-" + random.nextInt(100) + "\"";
                        default -> "\"q\\\"" + random.nextInt(100) + "\\\\\"";
                    };
                }
                else
                {
                    id = switch (random.nextInt(4))
                    {
                        case 0 -> Integer.toString(random.nextInt(1_000));
                        case 1 -> Long.toString(random.nextLong(Long.MAX_VALUE));
                        case 2 -> "-" + (1 + random.nextInt(1_000));
                        default -> Long.toString(1 + random.nextLong(Long.MAX_VALUE)) +
                            String.format("%018d", random.nextLong(1_000_000_000_000_000_000L));
                    };
                }
                if (used.add(id))
                {
                    return id;
                }
            }
        }

        private static List<Integer> shuffled(final SplittableRandom random, final int count)
        {
            final List<Integer> order = new ArrayList<>();
            for (int i = 0; i < count; i++)
            {
                order.add(i);
            }
            for (int i = count - 1; i > 0; i--)
            {
                final int j = random.nextInt(i + 1);
                final Integer swap = order.get(i);
                order.set(i, order.get(j));
                order.set(j, swap);
            }
            return order;
        }

        @Override
        public String toString()
        {
            return "live " + liveRequests + ", replayed " + replayRequests;
        }
    }

    /**
     * The layout of one request content: its members in a random order, the id's place and whitespace.
     */
    private record Template(String key, String before, String after, boolean stringId)
    {
        static Template random(final SplittableRandom random, final String idName, final String method,
            final String channel)
        {
            final List<String> members = new ArrayList<>(List.of("\"jsonrpc\":\"2.0\"",
                "\"method\":\"" + method + "\"", "\"params\":{\"channels\":[\"" + channel + "\"],\"id\":" +
                random.nextInt(100) + "}"));
            for (int i = members.size() - 1; i > 0; i--)
            {
                final int j = random.nextInt(i + 1);
                final String swap = members.get(i);
                members.set(i, members.get(j));
                members.set(j, swap);
            }
            final int at = random.nextInt(members.size() + 1);
            final String space = SPACES[random.nextInt(SPACES.length)];
            final StringBuilder before = new StringBuilder("{");
            final StringBuilder after = new StringBuilder();
            for (int i = 0; i < at; i++)
            {
                before.append(members.get(i)).append(',');
            }
            before.append('"').append(idName).append('"').append(space).append(':').append(space);
            for (int i = at; i < members.size(); i++)
            {
                after.append(',').append(members.get(i));
            }
            after.append('}');
            return new Template(method + ' ' + channel, before.toString(), after.toString(),
                "req_id".equals(idName) || random.nextInt(3) == 0);
        }

        String request(final String id)
        {
            return before + id + after;
        }
    }
}

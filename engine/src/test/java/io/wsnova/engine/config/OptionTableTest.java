package io.wsnova.engine.config;

import io.wsnova.engine.api.QueueFullPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every option has a name, a default, a rule, and a row in the option table of docs/ADAPTERS.md with that default
 * and rule: the test reads the table, so the docs cannot drift from the code.
 */
class OptionTableTest
{
    private static final Path DOC = Path.of("..", "docs", "ADAPTERS.md");
    private static final String BEGIN = "<!-- options:begin -->";
    private static final String END = "<!-- options:end -->";
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** One value each option's rule (or a rule between it and the defaults of the others) rejects. */
    private static final Map<String, Object> INVALID = Map.ofEntries(
        entry("host", " "),
        entry("port", 70_000),
        entry("path", "no-slash"),
        entry("connectTimeoutMs", 0L),
        entry("tlsHandshakeTimeoutMs", 0L),
        entry("upgradeTimeoutMs", -1L),
        entry("totalConnectTimeoutMs", 0L),
        entry("sendTimeoutMs", 0L),
        entry("closeTimeoutMs", 0L),
        entry("pingIntervalMs", -1L),
        entry("pongTimeoutMs", -1L),
        entry("idleTimeoutMs", -1L),
        entry("maxFrameLength", 0),
        entry("maxMessageLength", -1),
        entry("receiveBufferLength", 4095),
        entry("socketReceiveBufferBytes", -1),
        entry("socketSendBufferBytes", -1),
        entry("readerIdleStrategy", IdleStrategySpec.backoff(10, 5, 2_000, 1_000)),
        entry("virtualSpinNs", -1L),
        entry("queueCapacity", 0),
        entry("queueFullPolicy", QueueFullPolicy.DROP_NEWEST), // with the default INLINE
        entry("handlerIdleStrategy", IdleStrategySpec.park(0)),
        entry("requestTimeoutMs", 0L),
        entry("retryAttempts", -2),
        entry("connectRetryAttempts", -2),
        entry("reconnectBaseDelayMs", 0L),
        entry("reconnectMaxDelayMs", 0L),
        entry("reconnectResetAfterMs", -1L),
        entry("reconnectSendWaitMs", 60_001L),
        entry("stageTimingSample", -1),
        entry("countersDir", ""));

    /** Options for which every value of the type is valid (booleans, enums, behaviours, contexts, listeners). */
    private static final Set<String> ANY_VALUE = Set.of("secure", "perMessageDeflate", "ioMode", "pipelineMode",
        "sslContext", "hostnameVerification", "reconnectJitter", "credentials", "listeners", "logLevel",
        "logFormat", "countersFile", "connectionHandler", "messageHandler", "subscriptionHandler", "authHandler",
        "failurePolicy", "rateLimitHandler", "loggingHandler", "metricsCollector", "inboundTap");

    /** Options the upgrade request encoder checks at connect, before any I/O (ConnectFailureTest covers them). */
    private static final Set<String> CHECKED_AT_CONNECT = Set.of("headers", "subprotocols");

    /** Options without a default value: the docs say what their absence means. */
    private static final Set<String> NO_DEFAULT = Set.of("host", "port", "sslContext", "credentials", "countersDir",
        "inboundTap", "connectionHandler", "messageHandler", "subscriptionHandler", "authHandler", "failurePolicy",
        "rateLimitHandler", "loggingHandler", "metricsCollector");

    record Row(String name, String constant, String defaultCell, String rule, String meaning)
    {
    }

    @Test
    void shouldGiveEveryOptionAUniqueNameATypeAndADefaultOrADocumentedAbsence() throws Exception
    {
        final Set<String> names = new HashSet<>();
        for (final Map.Entry<String, Option<?>> option : options().entrySet())
        {
            final Option<?> value = option.getValue();
            assertThat(value.name()).as(option.getKey()).isNotBlank();
            assertThat(names.add(value.name())).as("unique name " + value.name()).isTrue();
            assertThat(value.type()).as(value.name()).isNotNull();
            assertThat(value.defaultValue() == null).as(value.name() + " has no default exactly when listed so")
                .isEqualTo(NO_DEFAULT.contains(value.name()));
            if (value.defaultValue() != null)
            {
                assertThat(check(value, value.defaultValue())).as(value.name() + ": its default passes its rule")
                    .isNull();
            }
        }
    }

    @Test
    void shouldListEveryOptionInTheDocsTableWithItsConstantAndDefault() throws Exception
    {
        final Map<String, Row> rows = docRows();
        final Map<String, Option<?>> options = options();

        final Set<String> optionNames = new HashSet<>();
        options.values().forEach(option -> optionNames.add(option.name()));
        assertThat(rows.keySet()).as("options in docs/ADAPTERS.md").containsExactlyInAnyOrderElementsOf(optionNames);
        for (final Map.Entry<String, Option<?>> entry : options.entrySet())
        {
            final Option<?> option = entry.getValue();
            final Row row = rows.get(option.name());
            assertThat(row.constant()).as(option.name() + ": Option constant").isEqualTo("`" + entry.getKey() + "`");
            final Matcher code = CODE.matcher(row.defaultCell());
            assertThat(code.find()).as(option.name() + ": default cell starts with a code span").isTrue();
            assertThat(code.group(1)).as(option.name() + ": documented default")
                .isEqualTo(render(option.defaultValue()));
            assertThat(row.meaning()).as(option.name() + ": what it does").isNotBlank();
        }
    }

    @Test
    void shouldEnforceEveryDocumentedRule() throws Exception
    {
        final Map<String, Row> rows = docRows();
        for (final Option<?> option : options().values())
        {
            final String name = option.name();
            final int kinds = (INVALID.containsKey(name) ? 1 : 0) + (ANY_VALUE.contains(name) ? 1 : 0) +
                (CHECKED_AT_CONNECT.contains(name) ? 1 : 0);
            assertThat(kinds).as(name + ": classify a new option in exactly one of INVALID, ANY_VALUE, " +
                "CHECKED_AT_CONNECT").isEqualTo(1);
            final String rule = rows.get(name).rule();
            if (ANY_VALUE.contains(name))
            {
                assertThat(rule).as(name + ": documented rule").isEqualTo("any");
            }
            else if (CHECKED_AT_CONNECT.contains(name))
            {
                assertThat(rule).as(name + ": documented rule").contains("checked at connect");
            }
            else
            {
                assertThat(rule).as(name + ": documented rule").isNotEqualTo("any").isNotBlank();
                final IllegalArgumentException failure = catchThrowableOfType(IllegalArgumentException.class,
                    () -> setUnchecked(NovaOptions.builder().host("127.0.0.1"), option, INVALID.get(name)).build()
                        .validate());
                assertThat(failure).as(name + " = " + INVALID.get(name) + " must be rejected").isNotNull();
                assertThat(failure.getMessage()).startsWith(name + ": ");
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static NovaOptions.Builder setUnchecked(
        final NovaOptions.Builder builder, final Option option, final Object value)
    {
        return builder.set(option, value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String check(final Option option, final Object value)
    {
        return option.check(value);
    }

    private static String render(final Object value)
    {
        if (value == null)
        {
            return "none";
        }
        if (value instanceof Map<?, ?> map && map.isEmpty())
        {
            return "{}";
        }
        if (value instanceof List<?> list && list.isEmpty())
        {
            return "[]";
        }
        if (value instanceof Enum<?> constant)
        {
            return constant.name();
        }
        return String.valueOf(value);
    }

    /** Public constants of {@link Option}, by field name. */
    static Map<String, Option<?>> options() throws IllegalAccessException
    {
        final Map<String, Option<?>> options = new LinkedHashMap<>();
        for (final Field field : Option.class.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Option.class)
            {
                options.put(field.getName(), (Option<?>)field.get(null));
            }
        }
        assertThat(options).as("Option constants").hasSizeGreaterThan(40);
        return options;
    }

    static Map<String, Row> docRows() throws IOException
    {
        final String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        final int begin = doc.indexOf(BEGIN);
        final int end = doc.indexOf(END);
        assertThat(begin).as(BEGIN + " in " + DOC).isNotNegative();
        assertThat(end).as(END + " in " + DOC).isGreaterThan(begin);
        final Map<String, Row> rows = new LinkedHashMap<>();
        final List<String> duplicates = new ArrayList<>();
        for (final String line : doc.substring(begin, end).split("\n"))
        {
            if (!line.startsWith("| `"))
            {
                continue;
            }
            final String[] cells = line.split("\\|");
            assertThat(cells).as("5 cells: " + line).hasSize(6);
            final String nameCell = cells[1].trim();
            final String name = nameCell.substring(1, nameCell.length() - 1);
            final Row row = new Row(name, cells[2].trim(), cells[3].trim(), cells[4].trim(), cells[5].trim());
            if (rows.put(name, row) != null)
            {
                duplicates.add(name);
            }
        }
        assertThat(duplicates).as("options listed twice").isEmpty();
        return rows;
    }
}

package io.wsnova.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every command and every flag of its table: {@code --help} prints the usage on stdout with exit 0 and lists
 * every flag; an unknown flag is "unknown option --x" with exit 2; a flag that takes a value and lacks it says so
 * with exit 2. {@code ./nova --help} lists every command the README lists.
 */
@Timeout(60)
class CommandTablesTest
{
    private static final Map<String, List<Flag>> TABLES = Map.of(
        "demo", DemoArgs.FLAGS,
        "stream", StreamArgs.FLAGS,
        "publish", PublishCommand.FLAGS,
        "echo", EchoCommand.FLAGS,
        "stat", StatCommand.FLAGS,
        "version", List.of());

    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintTheUsageWithEveryFlagOnHelpWithExitZero()
    {
        for (final Map.Entry<String, List<Flag>> command : TABLES.entrySet())
        {
            for (final String help : new String[] {"--help", "-h"})
            {
                final int exit = run(command.getKey(), help);

                assertThat(exit).as(command.getKey() + " " + help + ": " + err()).isEqualTo(Main.EXIT_OK);
                assertThat(out()).as(command.getKey()).startsWith("usage: ./nova " + command.getKey());
                assertThat(err()).as(command.getKey()).isEmpty();
                for (final Flag flag : command.getValue())
                {
                    assertThat(out()).as(command.getKey()).contains(flag.name());
                }
            }
        }
    }

    @Test
    void shouldAnswerHelpEvenAfterOtherFlags()
    {
        assertThat(run("stream", "--url", "ws://h/", "--help")).isEqualTo(Main.EXIT_OK);
        assertThat(out()).startsWith("usage: ./nova stream");
        assertThat(run("demo", "--duration", "3", "--help")).isEqualTo(Main.EXIT_OK);
        assertThat(out()).startsWith("usage: ./nova demo").contains("--rate MSGS_PER_SEC");
    }

    @Test
    void shouldSayUnknownOptionWithExitTwoForEveryCommand()
    {
        for (final String command : TABLES.keySet())
        {
            final int exit = run(command, "--bogus");

            assertThat(exit).as(command).isEqualTo(Main.EXIT_USAGE);
            assertThat(out()).as(command).isEmpty();
            if (!"version".equals(command))
            {
                assertThat(err()).as(command).contains("unknown option --bogus")
                    .contains("usage: ./nova " + command).doesNotContain("needs a value");
            }
        }
    }

    @Test
    void shouldSayWhichFlagLacksItsValueForEveryFlagThatTakesOne()
    {
        for (final Map.Entry<String, List<Flag>> command : TABLES.entrySet())
        {
            for (final Flag flag : command.getValue())
            {
                if (!flag.takesValue())
                {
                    continue;
                }
                assertThat(run(command.getKey(), flag.name())).as(command.getKey() + " " + flag.name())
                    .isEqualTo(Main.EXIT_USAGE);
                assertThat(err()).contains(flag.name() + " needs a value (" + flag.value() + ")");

                assertThat(run(command.getKey(), flag.name(), "--count")).as(command.getKey() + " " + flag.name())
                    .isEqualTo(Main.EXIT_USAGE);
                assertThat(err()).contains(flag.name() + " needs a value");
            }
        }
    }

    @Test
    void shouldListEveryCommandOfTheReadmeInTheMainHelp() throws IOException
    {
        final String readme = Files.readString(projectRoot().resolve("README.md"));
        final Matcher rows = Pattern.compile("(?m)^\\| `\\./nova ([a-z-]+)").matcher(readme);
        final List<String> commands = new ArrayList<>();
        while (rows.find())
        {
            commands.add(rows.group(1));
        }
        assertThat(commands).contains("demo", "stream", "echo", "stat", "test", "bench", "version", "--help");

        assertThat(run("--help")).isEqualTo(Main.EXIT_OK);
        for (final String command : commands)
        {
            assertThat(out()).as(command).containsPattern("(?m)^  " + Pattern.quote(command) + "\\b");
        }
    }

    @Test
    void shouldPointTestAndBenchToTheLauncherWhenRunFromTheJar()
    {
        for (final String command : new String[] {"test", "bench"})
        {
            assertThat(run(command)).isEqualTo(Main.EXIT_USAGE);
            assertThat(err()).contains(command + " " + Main.LAUNCHER_ONLY);
        }
    }

    static Path projectRoot()
    {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("nova")))
        {
            dir = dir.getParent();
        }
        assertThat(dir).as("the project root (holding ./nova) above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    private int run(final String... args)
    {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }
}

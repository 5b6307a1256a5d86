package io.wsnova.engine.telemetry;

import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountersFileTest
{
    @TempDir
    Path directory;

    @Test
    void shouldLetAReaderSeeEveryCounterWithItsLabelConnectionAndLiveValue() throws Exception
    {
        final CounterStore store = CounterStore.inFile(CountersFile.create(directory, 64));
        final AtomicCounter messages = store.allocate(Counter.MESSAGES_RECEIVED, 7, "conn 7: messages received");
        final AtomicCounter total = store.allocate(Counter.MESSAGES_RECEIVED, 0, "total: messages received");
        messages.setRelease(41);
        total.setRelease(100);

        try (CountersFileReader reader = CountersFileReader.open(directory.resolve(CountersFile.FILE_NAME)))
        {
            assertThat(reader.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(reader.startTimeMs()).isPositive().isLessThanOrEqualTo(System.currentTimeMillis());
            assertThat(reader.isProcessAlive()).isTrue();
            assertThat(lines(reader)).containsExactly(
                "MESSAGES_RECEIVED 7 conn 7: messages received = 41",
                "MESSAGES_RECEIVED 0 total: messages received = 100");

            messages.incrementRelease();
            assertThat(reader.value(messages.id())).isEqualTo(42);
        }
        finally
        {
            store.close();
        }
    }

    @Test
    void shouldDeleteTheFileAndItsDirectoryOnClose() throws Exception
    {
        final Path own = directory.resolve("wsnova-test");
        final CountersFile file = CountersFile.create(own, 16);
        assertThat(Files.isRegularFile(file.file())).isTrue();

        file.close();
        file.close();

        assertThat(Files.exists(file.file())).isFalse();
        assertThat(Files.exists(own)).isFalse();
    }

    @Test
    void shouldRefuseAFileThatIsNotACountersFile() throws Exception
    {
        final Path other = directory.resolve(CountersFile.FILE_NAME);
        Files.write(other, new byte[4096]);

        assertThatThrownBy(() -> CountersFileReader.open(other)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not a wsnova counters file");
    }

    @Test
    void shouldLocateAFileByDirectoryOrPathAndNameWhatIsMissing() throws Exception
    {
        final CountersFile file = CountersFile.create(directory, 16);
        try
        {
            assertThat(CountersFileReader.locate(directory.toString())).isEqualTo(file.file());
            assertThat(CountersFileReader.locate(file.file().toString())).isEqualTo(file.file());
            assertThatThrownBy(() -> CountersFileReader.locate(directory.resolve("nothing").toString()))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nothing");
            assertThatThrownBy(() -> CountersFileReader.locate("999999999"))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("process 999999999");
        }
        finally
        {
            file.close();
        }
    }

    @Test
    void shouldFindOnlyRunningProcessesNewestFirst() throws Exception
    {
        final CountersFile older = CountersFile.create(directory.resolve("wsnova-1"), 16);
        Thread.sleep(5);
        final CountersFile newer = CountersFile.create(directory.resolve("wsnova-2"), 16);
        Files.createDirectories(directory.resolve("wsnova-3"));
        try
        {
            assertThat(CountersFileReader.running(directory)).containsExactly(newer.file(), older.file());
        }
        finally
        {
            older.close();
            newer.close();
        }
        assertThat(CountersFileReader.running(directory)).isEmpty();
    }

    private static List<String> lines(final CountersFileReader reader)
    {
        final List<String> lines = new ArrayList<>();
        reader.forEach((id, counter, connectionId, label, value) ->
            lines.add(counter + " " + connectionId + " " + label + " = " + value));
        return lines;
    }
}

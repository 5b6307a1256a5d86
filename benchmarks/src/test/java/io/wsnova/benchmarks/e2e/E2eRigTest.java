package io.wsnova.benchmarks.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class E2eRigTest
{
    private static final long RATE = 2_000;

    @TempDir
    Path out;

    @Test
    void shouldWriteReportWhoseCountsAddUpWhenReceiversRunInProcess() throws Exception
    {
        final List<String> clients = List.of("raw", "wsnova-virtual-inline", "java-websocket", "okhttp", "jetty");

        final Path folder = whenRigRuns("--in-process", "--rate", Long.toString(RATE), "--warmup", "0.25",
            "--duration", "0.75", "--clients", String.join(",", clients), "--variants", "decode", "--no-reverse");

        thenReportIsComplete(folder, clients, List.of("forward"), 500, 1_500);
        Files.delete(folder.resolve("summary.md"));
        E2eRig.rerender(folder);
        thenReportIsComplete(folder, clients, List.of("forward"), 500, 1_500);
    }

    @Test
    @Tag("slow")
    void shouldRunEachReceiverInItsOwnJvmForwardAndReverse() throws Exception
    {
        // four receivers (24 JVMs with six receivers and both variants took 430 s of a loaded CI machine; the
        // in-process test covers more receivers, each peer's connect is the same code in either)
        final List<String> clients = List.of("raw", "wsnova-spin-inline", "jdk", "netty");

        final Path folder = whenRigRuns("--no-pin", "--rate", Long.toString(RATE), "--warmup", "0.5",
            "--duration", "1", "--clients", String.join(",", clients), "--variants", "decode,transport",
            "--jvm-args", "-Xmx256m");

        thenReportIsComplete(folder, clients, List.of("forward", "reverse"), 1_000, 2_000);
    }

    @Test
    void shouldClimbTheLadderPerReceiverInMaxModeAndReportEachMaximumBesideTheRawFloor() throws Exception
    {
        final List<String> clients = List.of("raw", "wsnova-poll-inline", "wsnova-spin-queued");

        // a bound of seconds: on a loaded machine every step keeps up, so each receiver climbs the whole ladder
        final Path folder = whenRigRuns("--in-process", "--max", "--rate", "2000,1000", "--warmup", "0.25",
            "--duration", "0.5", "--behind-ms", "5000", "--clients", String.join(",", clients),
            "--variants", "decode");

        assertThat(folder.getFileName().toString()).endsWith("-test-max-s600");
        final RunResult[] results = new ObjectMapper().readValue(folder.resolve("results.json").toFile(),
            RunResult[].class);
        // each receiver climbs 1,000 then 2,000; only a sender that the machine held up (an in-process sender
        // offering < 95% of even 1,000 msg/s on a machine at load ~20) may stop a climb early, as SENDER_LIMITED
        assertThat(results.length).isBetween(clients.size(), clients.size() * 2);
        final String summary = Files.readString(folder.resolve("summary.md"));
        int index = 0;
        for (final String client : clients)
        {
            long previousRate = 0;
            boolean stopped = false;
            while (index < results.length && results[index].receiver.client.equals(client))
            {
                final RunResult result = results[index++];
                assertThat(result.rate).as("ascending per receiver").isEqualTo(previousRate == 0 ? 1_000 : 2_000);
                previousRate = result.rate;
                assertThat(result.receiver.error).as(result.receiver.client).isNull();
                assertThat(result.receiver.receivedMessages).isEqualTo(result.serverSentMessages);
                assertThat(result.receiver.cpuNs).as("CPU time of the window").isPositive();
                if (result.fellBehind)
                {
                    assertThat(result.verdict).as(client + " at " + result.rate)
                        .isEqualTo(KneeSearch.Verdict.SENDER_LIMITED.name());
                    stopped = true;
                }
            }
            assertThat(previousRate).as(client + " ran").isPositive();
            if (!stopped)
            {
                assertThat(summary).contains("| " + client + " | decode | 2,000 | ");
                assertThat(summary).contains("none: the top of the ladder was sustained");
            }
        }
        assertThat(index).as("every result belongs to a receiver, in run order").isEqualTo(results.length);
    }

    private Path whenRigRuns(final String... args) throws Exception
    {
        final String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--out";
        all[args.length + 1] = out.toString();
        all[args.length + 2] = "--commit";
        all[args.length + 3] = "test";
        final List<Path> folders = new E2eRig(RigOptions.parse(all)).run();
        assertThat(folders).hasSize(1);
        return folders.get(0);
    }

    private static void thenReportIsComplete(
        final Path folder,
        final List<String> clients,
        final List<String> passes,
        final long warmupMessages,
        final long measuredMessages) throws Exception
    {
        assertThat(folder.getFileName().toString()).endsWith("-test-r" + RATE + "-s600");
        assertThat(folder.resolve("summary.md")).isNotEmptyFile();
        assertThat(Files.readString(folder.resolve("summary.md")))
            .contains("## Targets at this rate", "| commit | `test` |", "0 B/message", "p50 / p90 x raw",
                "CPU us/msg", "| 1.00 / 1.00 |");
        assertThat(folder.resolve("latency-decode.png")).isNotEmptyFile();
        final RunResult[] results = new ObjectMapper().readValue(folder.resolve("results.json").toFile(),
            RunResult[].class);
        final long variants = results.length / (clients.size() * (long)passes.size());
        assertThat(results).hasSize((int)(clients.size() * passes.size() * variants));
        for (final RunResult result : results)
        {
            final ReceiverResult receiver = result.receiver;
            assertThat(receiver.error).as(receiver.client).isNull();
            assertThat(result.serverError).as(receiver.client).isNull();
            assertThat(receiver.decodeFailures).as(receiver.client).isZero();
            assertThat(result.serverSentMessages).as(receiver.client).isEqualTo(warmupMessages + measuredMessages);
            assertThat(receiver.receivedMessages).as(receiver.client).isEqualTo(result.serverSentMessages);
            final Histogram histogram = receiver.decodeHistogram();
            assertThat(histogram.getTotalCount()).as(receiver.client).isEqualTo(measuredMessages);
            assertThat(histogram.getMinValue()).as(receiver.client).isPositive();
            final Histogram fromSent = receiver.decodeFromSentHistogram();
            assertThat(fromSent.getTotalCount()).as(receiver.client).isEqualTo(measuredMessages);
            assertThat(fromSent.getValueAtPercentile(50)).as(receiver.client)
                .isLessThanOrEqualTo(histogram.getValueAtPercentile(50));
            final String name = receiver.client + "." + receiver.variant + "." + result.pass;
            assertThat(folder.resolve(name + ".hgrm")).isNotEmptyFile();
            assertThat(folder.resolve(name + ".from-sent.hgrm")).isNotEmptyFile();
        }
    }
}

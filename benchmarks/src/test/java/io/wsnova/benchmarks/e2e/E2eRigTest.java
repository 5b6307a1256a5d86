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
        final List<String> clients = List.of("raw", "wsnova-virtual-inline", "java-websocket");

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
        final List<String> clients = List.of("raw", "wsnova-spin-inline", "okhttp", "netty", "jetty", "jdk");

        final Path folder = whenRigRuns("--no-pin", "--rate", Long.toString(RATE), "--warmup", "0.5",
            "--duration", "1", "--clients", String.join(",", clients), "--variants", "decode,transport",
            "--jvm-args", "-Xmx256m");

        thenReportIsComplete(folder, clients, List.of("forward", "reverse"), 1_000, 2_000);
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
            .contains("## Targets at this rate", "| commit | `test` |", "0 B/message");
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

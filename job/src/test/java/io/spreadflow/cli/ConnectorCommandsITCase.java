package io.spreadflow.cli;

import io.spreadflow.connectors.files.RealData;
import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.schemas.BookTicker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code spreadflow kafka}, {@code replay} and {@code record} end to end against the broker the kafka command runs. */
class ConnectorCommandsITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path kafkaDir;
    private static KafkaCommand kafka;
    private static CompletableFuture<Integer> kafkaExit;
    private static String bootstrap;

    @BeforeAll
    static void startKafkaCommand() throws Exception {
        kafka = new KafkaCommand();
        kafka.out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine cli = new CommandLine(kafka);
        kafkaExit = CompletableFuture.supplyAsync(() -> cli.execute("--port", "0", "--data-dir", kafkaDir.toString(),
                "--topics", "ticks:4,ticks.dlq:1,other:2"));
        assertThat(kafka.ready.await(60, TimeUnit.SECONDS)).as("broker ready").isTrue();
        bootstrap = kafka.running.bootstrapServers();
    }

    @AfterAll
    static void stopKafkaCommand() throws Exception {
        kafka.stop.countDown();
        assertThat(kafkaExit.get(60, TimeUnit.SECONDS)).isZero();
        // a given data folder is kept
        assertThat(kafkaDir.resolve("data")).isDirectory();
    }

    @Test
    void replaysRecordingsAndRecordsThemBack(@TempDir Path out) throws Exception {
        Path spot = RealData.require("data/mexc-gateio/mexc_spot_LUNC_USDT_bookTicker_20251011.csv");
        Path futures = RealData.require("data/mexc-gateio/gateio_futures_LUNC_USDT_bookTicker_20251011.csv");
        ByteArrayOutputStream replayOut = new ByteArrayOutputStream();
        ReplayCommand replay = new ReplayCommand();
        replay.out = new PrintStream(replayOut, true, StandardCharsets.UTF_8);
        int rc = new CommandLine(replay).execute("--input", spot.toString(), futures.toString(), "--speed", "max",
                "--bootstrap", bootstrap, "--topic", "ticks");
        assertThat(rc).isZero();
        assertThat(replayOut.toString(StandardCharsets.UTF_8)).contains("published 20000 ticks to ticks, dead-lettered 0 lines to ticks.dlq");

        ByteArrayOutputStream recordOut = new ByteArrayOutputStream();
        RecordCommand record = new RecordCommand();
        record.console = new PrintStream(recordOut, true, StandardCharsets.UTF_8);
        rc = new CommandLine(record).execute("--topic", "ticks", "--out", out.toString(), "--roll-every", "8000",
                "--bootstrap", bootstrap, "--until-end");
        assertThat(rc).isZero();
        assertThat(recordOut.toString(StandardCharsets.UTF_8)).contains("20000 ticks in 3 file(s)");

        List<BookTicker> back = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.sorted().toList()) back.addAll(TickFileReader.readAll(f));
        }
        assertThat(back).containsExactlyElementsOf(TickFileReader.readMerged(List.of(spot, futures)));
    }

    @Test
    void publishesTheSyntheticMarket() throws Exception {
        ReplayCommand replay = new ReplayCommand();
        replay.out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int rc = new CommandLine(replay).execute("--synthetic", "--rate", "2000", "--max-ticks", "150", "--instruments", "5",
                "--bootstrap", bootstrap, "--topic", "other");
        assertThat(rc).isZero();
        var read = TopicSnapshot.readAll(bootstrap, "other", AvroSerde.bookTicker(), TIMEOUT);
        assertThat(read).hasSize(150);
        assertThat(read).extracting(TopicSnapshot.Entry::key).allSatisfy(k -> assertThat(k).endsWith("-USDT"));
    }

    @Test
    void rejectsAMissingInputChoice() {
        ReplayCommand replay = new ReplayCommand();
        CommandLine cli = new CommandLine(replay);
        cli.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(cli.execute("--bootstrap", bootstrap)).isEqualTo(2);
        assertThat(cli.execute("--input", "/no/such/file.csv", "--bootstrap", bootstrap)).isEqualTo(2);
        assertThat(cli.execute("--synthetic", "--speed", "fast", "--bootstrap", bootstrap)).isEqualTo(2);
    }
}

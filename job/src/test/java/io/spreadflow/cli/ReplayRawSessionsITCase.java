package io.spreadflow.cli;

import io.spreadflow.connectors.files.RealData;
import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafkaExtension;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spreadflow replay --from binance-ws|cryptofeed}: raw recorded WebSocket sessions through the
 * feeds' parsers into Kafka on an embedded broker. The expected counts are taken from the files with a
 * plain line scan, independently of the parsers.
 */
class ReplayRawSessionsITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern BOOK_TICKER_STREAM = Pattern.compile("\"stream\":\"[a-z0-9_]+@bookTicker\"");

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void binanceRecorderSessionPublishesOneTickPerBookTickerMessage() throws Exception {
        Path raw = RealData.require("data/binance/raw/spot/btcusdt_20240808.gz");
        // complete lines of the bookTicker stream; a line the recorder cut off ends before its closing brace
        long bookTickers = countLines(raw, l -> BOOK_TICKER_STREAM.matcher(l).find() && l.endsWith("}"));
        long cutOff = countLines(raw, l -> !l.isBlank() && !l.endsWith("}"));
        KAFKA.createTopics(Map.of("raw-spot", 4, "raw-spot.dlq", 1));

        String printed = replay(0, "--from", "binance-ws", "--input", raw.toString(), "--bootstrap", KAFKA.bootstrapServers(),
                "--topic", "raw-spot");

        List<TopicSnapshot.Entry<BookTicker>> ticks = TopicSnapshot.readAll(KAFKA.bootstrapServers(), "raw-spot", AvroSerde.bookTicker(), TIMEOUT);
        assertThat(bookTickers).isEqualTo(28_040); // as data/binance/SOURCES.md documents
        assertThat(ticks).hasSize((int) bookTickers);
        assertThat(ticks).extracting(TopicSnapshot.Entry::key).containsOnly("BTC-USDT");
        assertThat(ticks).extracting(e -> e.value().getVenue()).containsOnly("binance-spot");
        // one key, one partition, in file order: the recorder's update ids strictly increase
        List<Long> ids = ticks.stream().map(e -> e.value().getUpdateId()).toList();
        for (int i = 1; i < ids.size(); i++) assertThat(ids.get(i)).as("update id %d", i).isGreaterThan(ids.get(i - 1));

        List<TopicSnapshot.Entry<DeadLetter>> letters = TopicSnapshot.readAll(KAFKA.bootstrapServers(), "raw-spot.dlq", AvroSerde.deadLetter(), TIMEOUT);
        assertThat(letters).hasSize((int) cutOff);
        assertThat(letters).allSatisfy(l -> assertThat(l.value().getSource().toString()).isEqualTo(raw.toString()));
        assertThat(printed).contains("published " + bookTickers + " ticks to raw-spot, dead-lettered " + cutOff + " frames to raw-spot.dlq");
    }

    @Test
    void cryptofeedSessionsOfTwoVenuesAreMergedByReceiveTime() throws Exception {
        Path spot = RealData.require("data/payloads/BINANCE.ws.1.0");
        Path usdm = RealData.require("data/payloads/BINANCE_FUTURES.ws.1.0");
        Predicate<String> receivedBookTicker = l -> !l.contains(" <- ") && !l.contains(" <-> ") && BOOK_TICKER_STREAM.matcher(l).find();
        long spotTickers = countLines(spot, receivedBookTicker);
        long usdmTickers = countLines(usdm, receivedBookTicker);
        KAFKA.createTopics(Map.of("cf-ticks", 4, "cf-ticks.dlq", 1));

        replay(0, "--from", "cryptofeed", "--input", spot.toString(), usdm.toString(), "--bootstrap", KAFKA.bootstrapServers(),
                "--topic", "cf-ticks");

        List<TopicSnapshot.Entry<BookTicker>> ticks = TopicSnapshot.readAll(KAFKA.bootstrapServers(), "cf-ticks", AvroSerde.bookTicker(), TIMEOUT);
        assertThat(spotTickers).isPositive();
        assertThat(usdmTickers).isPositive();
        Map<String, Long> byVenue = ticks.stream().collect(Collectors.groupingBy(e -> e.value().getVenue(), Collectors.counting()));
        assertThat(byVenue).containsExactlyInAnyOrderEntriesOf(Map.of("binance-spot", spotTickers, "binance-usdm", usdmTickers));
        // each partition holds its instruments' ticks in receive-time order
        Map<Integer, List<Long>> times = ticks.stream().collect(Collectors.groupingBy(TopicSnapshot.Entry::partition,
                Collectors.mapping(e -> e.value().getReceiveTsUs(), Collectors.toList())));
        times.values().forEach(t -> assertThat(t).isSorted());
    }

    @Test
    void tickFilesStayTheDefault() throws Exception {
        Path csv = RealData.require("data/mexc-gateio/mexc_spot_LUNC_USDT_bookTicker_20251011.csv");
        long rows = countLines(csv, l -> !l.isBlank()) - 1;
        KAFKA.createTopics(Map.of("csv-ticks", 1, "csv-ticks.dlq", 1));

        String printed = replay(0, "--input", csv.toString(), "--bootstrap", KAFKA.bootstrapServers(), "--topic", "csv-ticks");

        assertThat(printed).contains("published " + rows + " ticks to csv-ticks, dead-lettered 0 lines");
        assertThat(TopicSnapshot.readAll(KAFKA.bootstrapServers(), "csv-ticks", AvroSerde.bookTicker(), TIMEOUT)).hasSize((int) rows);
    }

    @Test
    void refusesWhatItCannotReadWithAClearError(@TempDir Path dir) throws Exception {
        Path gateFutures = RealData.require("data/payloads/GATEIO_FUTURES.ws.1.0");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        String boot = KAFKA.bootstrapServers();

        assertThat(replayError(2, "--from", "pcap", "--input", empty.toString(), "--bootstrap", boot))
                .contains("unknown raw session format 'pcap'").contains("binance-ws").contains("cryptofeed");
        assertThat(replayError(2, "--from", "ticks", "--venue", "binance-spot", "--input", empty.toString(), "--bootstrap", boot))
                .contains("--venue and --specs apply to raw sessions");
        // Gate.io futures sizes are contracts: without a multiplier the sizes cannot be converted
        assertThat(replayError(2, "--from", "cryptofeed", "--input", gateFutures.toString(), "--bootstrap", boot, "--topic", "gate"))
                .contains(gateFutures.toString()).contains("--specs");
    }

    private static String replay(int expectedExit, String... args) {
        ReplayCommand cmd = new ReplayCommand();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(cmd);
        cli.setErr(new PrintWriter(err));
        int rc = cli.execute(args);
        assertThat(rc).as("exit code; stderr: %s", err).isEqualTo(expectedExit);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String replayError(int expectedExit, String... args) {
        ReplayCommand cmd = new ReplayCommand();
        cmd.out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(cmd);
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).as("exit code; stderr: %s", err).isEqualTo(expectedExit);
        return err.toString();
    }

    private static long countLines(Path file, Predicate<String> which) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.toString().endsWith(".gz")) in = new GZIPInputStream(in);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().filter(which).count();
        }
    }
}

package io.spreadflow.connectors.replay;

import io.spreadflow.connectors.files.RealData;
import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafkaExtension;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void replaysTwoRecordingsInMergeOrderKeyedByInstrument() throws Exception {
        Path spot = RealData.require("data/mexc-gateio/mexc_spot_LUNC_USDT_bookTicker_20251011.csv");
        Path futures = RealData.require("data/mexc-gateio/gateio_futures_LUNC_USDT_bookTicker_20251011.csv");
        KAFKA.createTopics(Map.of("lunc", 4, "lunc.dlq", 1));
        Replay.Result result;
        try (TickPublisher p = new TickPublisher(TickPublisher.producerProperties(KAFKA.bootstrapServers()), "lunc", "lunc.dlq")) {
            result = Replay.run(List.of(spot, futures), ReplaySpeed.MAX, p);
        }
        assertThat(result).isEqualTo(new Replay.Result(20_000, 0, 0, true));

        List<TopicSnapshot.Entry<BookTicker>> read = TopicSnapshot.readAll(KAFKA.bootstrapServers(), "lunc", AvroSerde.bookTicker(), TIMEOUT);
        List<BookTicker> expected = TickFileReader.readMerged(List.of(spot, futures));
        // one instrument: one partition, which holds exactly the merge order
        assertThat(read).extracting(TopicSnapshot.Entry::partition).containsOnly(read.get(0).partition());
        assertThat(read).extracting(TopicSnapshot.Entry::key).containsOnly("LUNC-USDT");
        assertThat(read).extracting(TopicSnapshot.Entry::value).containsExactlyElementsOf(expected);
        assertThat(read.get(0).timestampMs()).isEqualTo(expected.get(0).getReceiveTsUs() / 1000);
    }

    @Test
    void malformedLinesAreDeadLetteredAndTheReplayGoesOn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, String.join("\n",
                TickFileReader.CANONICAL_HEADER,
                "1700000000000000,binance-spot,BTCUSDT,37000.1,1.5,37000.2,0.7",
                "1700000000000100,binance-spot,BTCUSDT,abc,1.5,37000.2,0.7",
                "1700000000000200,binance-spot,BTCUSDT,37000.1,1.5",
                "1700000000000300,binance-usdm,BTCUSDT,37010.5,2,37010.6,3",
                ""), StandardCharsets.UTF_8);
        KAFKA.createTopics(Map.of("bad-ticks", 1, "bad-ticks.dlq", 1));
        Replay.Result result;
        try (TickPublisher p = new TickPublisher(TickPublisher.producerProperties(KAFKA.bootstrapServers()), "bad-ticks", "bad-ticks.dlq")) {
            result = Replay.run(List.of(file), ReplaySpeed.MAX, p);
        }
        assertThat(result.published()).isEqualTo(2);
        assertThat(result.deadLettered()).isEqualTo(2);

        var ticks = TopicSnapshot.readAll(KAFKA.bootstrapServers(), "bad-ticks", AvroSerde.bookTicker(), TIMEOUT);
        assertThat(ticks).extracting(e -> e.value().getReceiveTsUs()).containsExactly(1700000000000000L, 1700000000000300L);
        var letters = TopicSnapshot.readAll(KAFKA.bootstrapServers(), "bad-ticks.dlq", AvroSerde.deadLetter(), TIMEOUT);
        assertThat(letters).hasSize(2);
        DeadLetter nonNumeric = letters.get(0).value();
        assertThat(nonNumeric.getSource().toString()).isEqualTo(file.toString());
        assertThat(nonNumeric.getOffset()).isEqualTo(3L);
        assertThat(nonNumeric.getRawText().toString()).isEqualTo("1700000000000100,binance-spot,BTCUSDT,abc,1.5,37000.2,0.7");
        assertThat(StandardCharsets.UTF_8.decode(nonNumeric.getRaw()).toString()).isEqualTo(nonNumeric.getRawText().toString());
        assertThat(nonNumeric.getReason().toString()).contains("bid_price").contains("abc");
        assertThat(nonNumeric.getEventTsUs()).isEqualTo(1700000000000000L);
        DeadLetter shortLine = letters.get(1).value();
        assertThat(shortLine.getOffset()).isEqualTo(4L);
        assertThat(shortLine.getReason().toString()).isEqualTo("expected 7 fields, found 5");
    }

    @Test
    void pacesEventTimeAtTheRequestedSpeed(@TempDir Path dir) throws Exception {
        // 21 ticks over 2 s of event time at 10x cannot take less than 200 ms of wall time
        StringBuilder csv = new StringBuilder(TickFileReader.CANONICAL_HEADER).append('\n');
        for (int i = 0; i <= 20; i++) {
            csv.append(1_700_000_000_000_000L + i * 100_000L).append(",binance-spot,ETHUSDT,2000.1,1,2000.2,1\n");
        }
        Path file = dir.resolve("paced.csv");
        Files.writeString(file, csv);
        Topics.ensureTopics(KAFKA.bootstrapServers(), Map.of("paced", 1, "paced.dlq", 1));
        long t0 = System.nanoTime();
        Replay.Result result;
        try (TickPublisher p = new TickPublisher(TickPublisher.producerProperties(KAFKA.bootstrapServers()), "paced", "paced.dlq")) {
            result = Replay.run(List.of(file), ReplaySpeed.parse("10x"), p);
        }
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(result.published()).isEqualTo(21);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(200);
    }

    @Test
    void anUnknownHeaderFailsBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.csv");
        Files.writeString(good, TickFileReader.CANONICAL_HEADER + "\n1,binance-spot,BTCUSDT,1,1,2,1\n");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "time,price\n1,2\n");
        Topics.ensureTopics(KAFKA.bootstrapServers(), Map.of("never", 1, "never.dlq", 1));
        try (TickPublisher p = new TickPublisher(TickPublisher.producerProperties(KAFKA.bootstrapServers()), "never", "never.dlq")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Replay.run(List.of(good, bad), ReplaySpeed.MAX, p))
                    .hasMessageContaining("unknown tick file header 'time,price'");
            assertThat(p.published()).isZero();
        }
        assertThat(TopicSnapshot.readAll(KAFKA.bootstrapServers(), "never", AvroSerde.bookTicker(), TIMEOUT)).isEmpty();
    }
}

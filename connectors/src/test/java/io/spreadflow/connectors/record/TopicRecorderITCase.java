package io.spreadflow.connectors.record;

import io.spreadflow.connectors.files.RealData;
import io.spreadflow.connectors.files.TickFileReader;
import io.spreadflow.connectors.files.TickMerge;
import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafkaExtension;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.connectors.replay.Replay;
import io.spreadflow.connectors.replay.ReplaySpeed;
import io.spreadflow.connectors.replay.TickPublisher;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TopicRecorderITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void aReplayedRecordingRecordedAsCsvReadsBackRowForRow(@TempDir Path dir) throws Exception {
        Path spot = RealData.require("data/mexc-gateio/mexc_spot_LUNC_USDT_bookTicker_20251011.csv");
        Path futures = RealData.require("data/mexc-gateio/gateio_futures_LUNC_USDT_bookTicker_20251011.csv");
        KAFKA.createTopics(Map.of("rec-csv", 4, "rec-csv.dlq", 1));
        try (TickPublisher p = new TickPublisher(TickPublisher.producerProperties(KAFKA.bootstrapServers()), "rec-csv", "rec-csv.dlq")) {
            assertThat(Replay.run(List.of(spot, futures), ReplaySpeed.MAX, p).published()).isEqualTo(20_000);
        }

        TopicRecorder.Result result = new TopicRecorder(TopicRecorder.Settings.of(KAFKA.bootstrapServers(), "rec-csv", dir)
                .withRollEvery(3_000).withStopAtEnd(true)).run();

        assertThat(result.recorded()).isEqualTo(20_000);
        assertThat(result.rejected()).isZero();
        assertThat(result.files()).hasSize(7).allSatisfy(f -> assertThat(f.getFileName().toString()).matches("rec-csv-00000\\d\\.csv"));
        assertThat(listing(dir)).containsExactlyElementsOf(result.files().stream().map(f -> f.getFileName().toString()).toList());
        List<BookTicker> back = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        for (Path f : result.files()) {
            back.addAll(TickFileReader.readAll(f));
            List<String> lines = Files.readAllLines(f);
            assertThat(lines.get(0)).isEqualTo(TickFileReader.CANONICAL_HEADER);
            rows.addAll(lines.subList(1, lines.size()));
        }
        assertThat(back).containsExactlyElementsOf(TickMerge.readMerged(List.of(spot, futures)));
        assertThat(rows).containsExactlyElementsOf(sourceRowsInMergeOrder(List.of(spot, futures)));
    }

    @Test
    void avroRecordingsKeepEveryField(@TempDir Path dir) throws Exception {
        List<BookTicker> ticks = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 2_500);
        KAFKA.createTopics(Map.of("rec-avro", 1, "rec-avro.dlq", 1));
        try (TickPublisher p = new TickPublisher(TickPublisher.producerProperties(KAFKA.bootstrapServers()), "rec-avro", "rec-avro.dlq")) {
            ticks.forEach(p::publish);
        }
        TopicRecorder.Result result = new TopicRecorder(TopicRecorder.Settings.of(KAFKA.bootstrapServers(), "rec-avro", dir)
                .withFormat(TopicRecorder.Format.AVRO).withRollEvery(1_000).withStopAtEnd(true)).run();
        assertThat(result.files()).extracting(f -> f.getFileName().toString())
                .containsExactly("rec-avro-000000.avro", "rec-avro-000001.avro", "rec-avro-000002.avro");
        List<BookTicker> back = new ArrayList<>();
        for (Path f : result.files()) back.addAll(TickFileReader.readAll(f));
        assertThat(back).containsExactlyElementsOf(ticks);
        assertThat(back.get(0).getExchangeTsUs()).isNotNull();
        assertThat(back.get(0).getUpdateId()).isNotNull();
    }

    @Test
    void followsTheTopicUntilStoppedThenCompletesItsFileAndNeverOverwrites(@TempDir Path dir) throws Exception {
        KAFKA.createTopics(Map.of("rec-live", 2, "rec-live.dlq", 1));
        List<BookTicker> first = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT.withSeed(5), 1_200);
        TopicRecorder recorder = new TopicRecorder(TopicRecorder.Settings.of(KAFKA.bootstrapServers(), "rec-live", dir).withRollEvery(500));
        CompletableFuture<TopicRecorder.Result> running = CompletableFuture.supplyAsync(() -> {
            try {
                return recorder.run();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try (TickPublisher p = new TickPublisher(TickPublisher.producerProperties(KAFKA.bootstrapServers()), "rec-live", "rec-live.dlq")) {
            first.forEach(p::publish);
        }
        assertThat(recorder.awaitRecorded(first.size(), TIMEOUT)).isTrue();
        assertThat(recorder.recorded()).isEqualTo(first.size());
        recorder.stop();
        TopicRecorder.Result result = running.get(30, TimeUnit.SECONDS);
        assertThat(result.files()).extracting(f -> f.getFileName().toString())
                .containsExactly("rec-live-000000.csv", "rec-live-000001.csv", "rec-live-000002.csv");
        assertThat(listing(dir)).noneMatch(n -> n.endsWith(".inprogress"));
        List<BookTicker> back = new ArrayList<>();
        for (Path f : result.files()) back.addAll(TickFileReader.readAll(f));
        assertThat(back).hasSize(first.size()).containsExactlyInAnyOrderElementsOf(canonical(first));

        // a second run in the same folder starts after the existing files
        TopicRecorder.Result again = new TopicRecorder(TopicRecorder.Settings.of(KAFKA.bootstrapServers(), "rec-live", dir)
                .withRollEvery(5_000).withStopAtEnd(true)).run();
        assertThat(again.files()).extracting(f -> f.getFileName().toString()).containsExactly("rec-live-000003.csv");
        assertThat(listing(dir)).hasSize(4);
    }

    @Test
    void recordsThatDoNotDecodeAreDeadLettered(@TempDir Path dir) throws Exception {
        KAFKA.createTopics(Map.of("rec-bad", 1, "rec-bad.dlq", 1));
        BookTicker good = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 1).get(0);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(TickPublisher.producerProperties(KAFKA.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>("rec-bad", "BTC-USDT", AvroSerde.bookTicker().toBytes(good))).get();
            p.send(new ProducerRecord<>("rec-bad", "BTC-USDT", new byte[] {(byte) 0xff, 0x01})).get();
            p.send(new ProducerRecord<>("rec-bad", "BTC-USDT", AvroSerde.bookTicker().toBytes(good))).get();
        }
        TopicRecorder.Result result = new TopicRecorder(TopicRecorder.Settings.of(KAFKA.bootstrapServers(), "rec-bad", dir)
                .withStopAtEnd(true)).run();
        assertThat(result.recorded()).isEqualTo(2);
        assertThat(result.rejected()).isEqualTo(1);
        List<TopicSnapshot.Entry<DeadLetter>> letters = TopicSnapshot.readAll(KAFKA.bootstrapServers(), "rec-bad.dlq",
                AvroSerde.deadLetter(), TIMEOUT);
        assertThat(letters).hasSize(1);
        DeadLetter d = letters.get(0).value();
        assertThat(d.getSource().toString()).isEqualTo("rec-bad");
        assertThat(d.getPartition()).isZero();
        assertThat(d.getOffset()).isEqualTo(1L);
        assertThat(d.getRaw().remaining()).isEqualTo(2);
        assertThat(d.getReason().toString()).contains("BookTicker");
    }

    /**
     * Three partitions written one after the other, their ticks' receive times interleaved (tick i on
     * partition i % 3): the topic read partition by partition is out of time order, the recording is not.
     */
    @Test
    void filesAreInReceiveTimeOrderAcrossPartitions(@TempDir Path dir) throws Exception {
        KAFKA.createTopics(Map.of("rec-merge", 3, "rec-merge.dlq", 1));
        List<BookTicker> ticks = interleaved(9_000);
        publishByPartition("rec-merge", ticks);
        List<Long> topicOrder = TopicSnapshot.readAll(KAFKA.bootstrapServers(), "rec-merge", AvroSerde.bookTicker(), TIMEOUT).stream()
                .map(e -> e.value().getReceiveTsUs()).toList();
        assertThat(topicOrder).hasSize(ticks.size()).isNotEqualTo(topicOrder.stream().sorted().toList());

        TopicRecorder.Result result = new TopicRecorder(TopicRecorder.Settings.of(KAFKA.bootstrapServers(), "rec-merge", dir)
                .withRollEvery(4_000).withStopAtEnd(true)).run();

        List<BookTicker> back = new ArrayList<>();
        for (Path f : result.files()) back.addAll(TickFileReader.readAll(f));
        assertThat(result.late()).isZero();
        assertThat(back).extracting(BookTicker::getReceiveTsUs).isSorted();
        assertThat(back).containsExactlyElementsOf(canonical(ticks));
    }

    /** Following the topic: live ticks are held for the reorder window, then written in order when the topic goes quiet. */
    @Test
    void aFollowedTopicIsRecordedInReceiveTimeOrder(@TempDir Path dir) throws Exception {
        KAFKA.createTopics(Map.of("rec-merge-live", 3, "rec-merge-live.dlq", 1));
        TopicRecorder recorder = new TopicRecorder(TopicRecorder.Settings.of(KAFKA.bootstrapServers(), "rec-merge-live", dir)
                .withReorderWindow(Duration.ofSeconds(2)));
        CompletableFuture<TopicRecorder.Result> running = CompletableFuture.supplyAsync(() -> {
            try {
                return recorder.run();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        List<BookTicker> ticks = interleaved(3_000);
        publishByPartition("rec-merge-live", ticks);
        assertThat(recorder.awaitRecorded(ticks.size(), TIMEOUT)).isTrue();
        recorder.stop();
        TopicRecorder.Result result = running.get(30, TimeUnit.SECONDS);
        List<BookTicker> back = new ArrayList<>();
        for (Path f : result.files()) back.addAll(TickFileReader.readAll(f));
        assertThat(back).extracting(BookTicker::getReceiveTsUs).isSorted();
        assertThat(back).containsExactlyElementsOf(canonical(ticks));
    }

    /** {@code n} ticks 1 ms apart, tick i of instrument i % 3. */
    private static List<BookTicker> interleaved(int n) {
        List<BookTicker> out = new ArrayList<>();
        String[] instruments = {"BTC-USDT", "ETH-USDT", "SOL-USDT"};
        for (int i = 0; i < n; i++) {
            out.add(BookTicker.newBuilder().setInstrument(instruments[i % 3]).setVenue("binance-spot")
                    .setMarket(io.spreadflow.schemas.Market.SPOT).setVenueSymbol(instruments[i % 3].replace("-", ""))
                    .setBidPrice(100 + i % 7).setBidQty(1).setAskPrice(101 + i % 7).setAskQty(2)
                    .setReceiveTsUs(1_700_000_000_000_000L + i * 1_000L).setExchangeTsUs(null).setUpdateId(null).build());
        }
        return out;
    }

    /** Writes partition 0's ticks, then 1's, then 2's: each partition a block, as a consumer also reads them. */
    private static void publishByPartition(String topic, List<BookTicker> ticks) throws Exception {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(TickPublisher.producerProperties(KAFKA.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int part = 0; part < 3; part++) {
                for (int i = part; i < ticks.size(); i += 3) {
                    BookTicker t = ticks.get(i);
                    p.send(new ProducerRecord<>(topic, part, t.getReceiveTsUs() / 1000, t.getInstrument().toString(),
                            AvroSerde.bookTicker().toBytes(t)));
                }
            }
            p.flush();
        }
    }

    /** The source files' data rows, stably ordered by their timestamp column, files in argument order. */
    private static List<String> sourceRowsInMergeOrder(List<Path> files) throws IOException {
        List<String> rows = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            rows.addAll(lines.subList(1, lines.size()));
        }
        rows.sort(Comparator.comparingLong(r -> Long.parseLong(r.substring(0, r.indexOf(',')))));
        return rows;
    }

    /** What a canonical CSV keeps of a tick. */
    private static List<BookTicker> canonical(List<BookTicker> ticks) {
        return ticks.stream().map(t -> TickFileReader.parseCanonical(io.spreadflow.connectors.files.TickFileWriter.canonicalLine(t)))
                .toList();
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

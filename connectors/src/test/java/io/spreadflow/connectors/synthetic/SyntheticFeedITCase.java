package io.spreadflow.connectors.synthetic;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafkaExtension;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.connectors.replay.TickPublisher;
import io.spreadflow.schemas.BookTicker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticFeedITCase {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void sendsTheMarketToKafkaStampedWithTheWallClock() throws Exception {
        KAFKA.createTopics(Map.of("synth", 4, "synth.dlq", 1));
        var settings = SyntheticMarket.Settings.DEFAULT.withTicksPerSecond(2_000);
        long beforeUs = nowUs();
        try (TickPublisher out = new TickPublisher(TickPublisher.producerProperties(KAFKA.bootstrapServers()), "synth", "synth.dlq");
             SyntheticFeed feed = SyntheticFeed.toKafka(new SyntheticMarket(settings), out, 300).start()) {
            assertThat(feed.awaitFinished(30, TimeUnit.SECONDS)).isTrue();
            assertThat(feed.failure()).isNull();
            assertThat(out.published()).isEqualTo(300);
        }
        long afterUs = nowUs();
        List<TopicSnapshot.Entry<BookTicker>> read = TopicSnapshot.readAll(KAFKA.bootstrapServers(), "synth", AvroSerde.bookTicker(),
                Duration.ofSeconds(30));
        assertThat(read).hasSize(300);
        List<BookTicker> generated = SyntheticMarket.generate(settings, 300);
        for (TopicSnapshot.Entry<BookTicker> e : read) {
            BookTicker t = e.value();
            assertThat(e.key()).isEqualTo(t.getInstrument().toString());
            assertThat(t.getReceiveTsUs()).isBetween(beforeUs, afterUs);
            assertThat(t.getExchangeTsUs()).isLessThan(t.getReceiveTsUs());
        }
        // same quotes as the generator's, only the times are the wall clock's
        assertThat(read.stream().map(e -> e.value().getBidPrice()).sorted().toList())
                .isEqualTo(generated.stream().map(BookTicker::getBidPrice).sorted().toList());
        // one instrument's ticks stay in send order within its partition
        List<Long> btc = read.stream().filter(e -> e.key().equals("BTC-USDT")).map(e -> e.value().getReceiveTsUs()).toList();
        assertThat(btc).isSorted();
    }

    @Test
    void closingStopsAnEndlessFeed() throws Exception {
        KAFKA.createTopics(Map.of("synth-endless", 1, "synth-endless.dlq", 1));
        try (TickPublisher out = new TickPublisher(TickPublisher.producerProperties(KAFKA.bootstrapServers()), "synth-endless",
                "synth-endless.dlq")) {
            SyntheticFeed feed = SyntheticFeed.toKafka(new SyntheticMarket(SyntheticMarket.Settings.DEFAULT.withTicksPerSecond(500)), out)
                    .start();
            TopicSnapshot.awaitRecords(KAFKA.bootstrapServers(), "synth-endless", AvroSerde.bookTicker(), 50, Duration.ofSeconds(30));
            feed.close();
            assertThat(feed.awaitFinished(0, TimeUnit.SECONDS)).isTrue();
            assertThat(feed.failure()).isNull();
            assertThat(out.published()).isEqualTo(feed.sent());
        }
    }

    private static long nowUs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}

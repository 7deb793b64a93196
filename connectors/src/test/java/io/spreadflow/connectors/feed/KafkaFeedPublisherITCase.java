package io.spreadflow.connectors.feed;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafkaExtension;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.spreadflow.connectors.feed.RecordedMessages.num;
import static io.spreadflow.connectors.feed.RecordedMessages.str;
import static org.assertj.core.api.Assertions.assertThat;

/** Binance spot and USD-M feeds, served recorded messages locally, publishing to a real (embedded) Kafka. */
class KafkaFeedPublisherITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @BeforeAll
    static void createTopics() {
        KafkaFeedPublisher.ensureTopics(KAFKA.bootstrapServers());
    }

    @Test
    void publishesTicksKeyedByInstrumentDeadLettersAndStatus() throws Exception {
        List<String> spot = RecordedMessages.binanceBookTickers("binance/raw/spot/btcusdt_20240808.gz", 200);
        List<String> usdm = RecordedMessages.binanceBookTickers("binance/raw/usdm/btcusdt_20240808.gz", 300);
        String malformed = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":1,\"s\":\"BTCUSDT\",\"b\":\"\",\"B\":\"1\",\"a\":\"2\",\"A\":\"1\"}}";
        try (VenueServer spotServer = VenueServer.startLocal(); VenueServer usdmServer = VenueServer.startLocal();
             KafkaFeedPublisher publisher = new KafkaFeedPublisher(KAFKA.bootstrapServers());
             FeedAdapter spotFeed = new BinanceFeed(Venue.BINANCE_SPOT, List.of("BTC-USDT"), FeedAdapterContract.settings(spotServer.uri()), publisher);
             FeedAdapter usdmFeed = new BinanceFeed(Venue.BINANCE_USDM, List.of("BTC-USDT"), FeedAdapterContract.settings(usdmServer.uri()), publisher)) {
            spotFeed.start();
            usdmFeed.start();
            WebSocket s = spotServer.nextConnection();
            WebSocket u = usdmServer.nextConnection();
            spotServer.nextFrame("spot subscription");
            usdmServer.nextFrame("usd-m subscription");
            spot.forEach(s::send);
            s.send(malformed);
            usdm.forEach(u::send);

            List<TopicSnapshot.Entry<BookTicker>> ticks = TopicSnapshot.awaitRecords(KAFKA.bootstrapServers(), Topics.TICKS.topicName(),
                    AvroSerde.bookTicker(), spot.size() + usdm.size(), TIMEOUT);
            List<TopicSnapshot.Entry<DeadLetter>> dlq = TopicSnapshot.awaitRecords(KAFKA.bootstrapServers(), Topics.TICKS_DLQ.topicName(),
                    AvroSerde.deadLetter(), 1, TIMEOUT);
            List<TopicSnapshot.Entry<String>> status = TopicSnapshot.awaitRecords(KAFKA.bootstrapServers(), KafkaFeedPublisher.STATUS_TOPIC,
                    new StringDeserializer(), 2, TIMEOUT);

            assertThat(ticks).hasSize(spot.size() + usdm.size());
            assertThat(ticks).allSatisfy(e -> assertThat(e.key()).isEqualTo("BTC-USDT"));
            assertThat(ticks.stream().map(TopicSnapshot.Entry::partition).collect(Collectors.toSet())).hasSize(1);
            // within the partition each venue's ticks keep the venue's order
            List<BookTicker> spotTicks = ticks.stream().map(TopicSnapshot.Entry::value).filter(t -> t.getVenue().toString().equals("binance-spot")).toList();
            List<BookTicker> usdmTicks = ticks.stream().map(TopicSnapshot.Entry::value).filter(t -> t.getVenue().toString().equals("binance-usdm")).toList();
            assertThat(spotTicks).extracting(t -> t.getUpdateId()).containsExactlyElementsOf(spot.stream().map(m -> Long.parseLong(num(m, "u"))).toList());
            assertThat(usdmTicks).extracting(t -> t.getAskPrice()).containsExactlyElementsOf(usdm.stream().map(m -> Double.parseDouble(str(m, "a"))).toList());
            assertThat(dlq).singleElement().satisfies(d -> {
                assertThat(d.value().getRawText().toString()).isEqualTo(malformed);
                assertThat(d.value().getReason().toString()).contains("empty");
            });
            Set<String> states = status.stream().map(TopicSnapshot.Entry::value).filter(v -> v.contains("\"CONNECTED\""))
                    .map(v -> v.substring(v.indexOf("\"venue\":\"") + 9, v.indexOf("\",\"instrument\""))).collect(Collectors.toSet());
            assertThat(states).containsExactlyInAnyOrder("binance-spot", "binance-usdm");
        }
    }
}

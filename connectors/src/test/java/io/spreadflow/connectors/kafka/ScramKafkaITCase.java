package io.spreadflow.connectors.kafka;

import io.spreadflow.connectors.feed.BinanceFeed;
import io.spreadflow.connectors.feed.FeedAdapter;
import io.spreadflow.connectors.feed.FeedSettings;
import io.spreadflow.connectors.feed.KafkaFeedPublisher;
import io.spreadflow.connectors.feed.Venue;
import io.spreadflow.connectors.feed.VenueServer;
import io.spreadflow.connectors.record.TopicRecorder;
import io.spreadflow.connectors.replay.TickPublisher;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker that accepts only SASL/SCRAM clients. With a {@code --kafka-config} file, every client the
 * connectors create gets through (admin: topics; producers: replay, feed and dead letters; consumers:
 * record and snapshots); without it, or with a wrong password, none does.
 */
class ScramKafkaITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void everyClientAuthenticatesWithTheClientPropertiesFile(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Settings.defaults().withScramUser("spreadflow", "feed-s3cret"))) {
            String bootstrap = kafka.bootstrapServers();
            KafkaClientSettings secured = KafkaClientSettings.load(bootstrap, clientConfig(dir, "client.properties", "feed-s3cret"));

            assertThatThrownBy(() -> Topics.awaitBroker(KafkaClientSettings.of(bootstrap), 3_000)).isInstanceOf(IllegalStateException.class);
            KafkaClientSettings wrong = KafkaClientSettings.load(bootstrap, clientConfig(dir, "wrong.properties", "guess"));
            assertThatThrownBy(() -> Topics.awaitBroker(wrong, 5_000)).isInstanceOf(IllegalStateException.class);

            KafkaFeedPublisher.ensureTopics(secured);

            List<BookTicker> replayed = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 200);
            try (TickPublisher replay = new TickPublisher(TickPublisher.producerProperties(secured), Topics.TICKS.topicName(),
                    Topics.TICKS_DLQ.topicName())) {
                replayed.forEach(replay::publish);
                replay.flush();
            }

            try (VenueServer venue = VenueServer.startLocal();
                 KafkaFeedPublisher publisher = new KafkaFeedPublisher(secured, Duration.ofMillis(200), Duration.ofSeconds(1));
                 FeedAdapter feed = new BinanceFeed(Venue.BINANCE_SPOT, List.of("BTC-USDT"),
                         FeedSettings.defaults(Venue.BINANCE_SPOT).withEndpoint(venue.uri()), publisher)) {
                feed.start();
                WebSocket conn = venue.nextConnection();
                venue.nextFrame("subscription");
                for (int u = 1; u <= 10; u++) {
                    conn.send("{\"u\":" + u + ",\"s\":\"BTCUSDT\",\"b\":\"600.10\",\"B\":\"1.5\",\"a\":\"600.20\",\"A\":\"2\"}");
                }
                io.spreadflow.connectors.testing.Await.until(() -> feed.metrics().ticks() >= 10, TIMEOUT, "10 ticks published");
                assertThat(feed.metrics().ticks()).isEqualTo(10);
                assertThat(feed.metrics().publishFailures()).isZero();
            }
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(TickPublisher.producerProperties(secured),
                    new StringSerializer(), new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(Topics.TICKS.topicName(), "BTC-USDT", new byte[] {(byte) 0xff})).get();
            }

            TopicRecorder.Result recorded = new TopicRecorder(TopicRecorder.Settings.of(bootstrap, Topics.TICKS.topicName(), dir.resolve("rec"))
                    .withKafka(secured).withStopAtEnd(true)).run();
            assertThat(recorded.recorded()).isEqualTo(replayed.size() + 10);
            assertThat(recorded.rejected()).isEqualTo(1);
            List<TopicSnapshot.Entry<DeadLetter>> letters = TopicSnapshot.readAll(secured, "ticks.dlq", AvroSerde.deadLetter(), TIMEOUT);
            assertThat(letters).singleElement().satisfies(l -> assertThat(l.value().getSource().toString()).isEqualTo("ticks"));
        }
    }

    private static Path clientConfig(Path dir, String name, String password) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n",
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=SCRAM-SHA-256",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"spreadflow\" password=\""
                        + password + "\";"));
    }
}

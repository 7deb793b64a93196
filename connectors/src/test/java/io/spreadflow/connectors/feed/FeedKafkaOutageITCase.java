package io.spreadflow.connectors.feed;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.schemas.BookTicker;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker dies under a running feed and comes back on the same data folder and port. The feed
 * must not turn into a zombie: it counts only ticks Kafka acknowledged, shows the failure in its
 * metrics and in the publisher's outage (which {@code spreadflow feed} turns into exit status 1 past
 * {@code --max-publish-outage}), replaces its producer with back-off, publishes again once the broker
 * is back, and writes the outage to {@code feed.status}.
 */
class FeedKafkaOutageITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void feedRecoversAfterTheBrokerRestartsAndReportsTheOutage() throws Exception {
        EmbeddedKafka.Settings settings = EmbeddedKafka.Settings.defaults().withPort(freePort()).withDataDir(dataDir);
        EmbeddedKafka kafka = EmbeddedKafka.start(settings);
        String bootstrap = kafka.bootstrapServers();
        KafkaFeedPublisher.ensureTopics(bootstrap);
        Properties p = KafkaFeedPublisher.producerProperties(bootstrap);
        // a short delivery timeout keeps the test short; the production default is 10 s
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500);
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicLong updateId = new AtomicLong(1000);
        try (VenueServer venue = VenueServer.startLocal();
             KafkaFeedPublisher publisher = new KafkaFeedPublisher(p, Duration.ofMillis(200), Duration.ofSeconds(1));
             FeedAdapter feed = new BinanceFeed(Venue.BINANCE_SPOT, List.of("BTC-USDT"), FeedAdapterContract.settings(venue.uri()), publisher)) {
            feed.start();
            WebSocket conn = venue.nextConnection();
            venue.nextFrame("subscription");
            // the venue keeps quoting, 20 frames a second, through the outage
            java.util.concurrent.ScheduledExecutorService quotes = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            quotes.scheduleAtFixedRate(() -> {
                if (sending.get() && conn.isOpen()) conn.send(frame(updateId.incrementAndGet()));
            }, 0, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
            try {
                await(() -> feed.metrics().ticks() >= 20, "20 ticks published before the outage");
                assertThat(feed.metrics().publishFailures()).isZero();

                kafka.close();
                await(() -> feed.metrics().publishFailures() > 0 && feed.metrics().publishFailingSinceMs() != 0, "publish failures counted");
                long ticksDuringOutage = feed.metrics().ticks();
                await(() -> publisher.outageLongerThan(Duration.ofMillis(500)).isPresent(), "an outage the feed command would exit on");
                assertThat(publisher.outageLongerThan(Duration.ofMillis(500)).orElseThrow()).contains("Kafka has refused ticks");
                assertThat(publisher.outageLongerThan(Duration.ofHours(1))).isEmpty();
                // ticks not acknowledged are not counted, though the venue kept quoting
                long framesAtOutage = feed.metrics().frames();
                await(() -> feed.metrics().frames() > framesAtOutage + 10, "ten more frames during the outage");
                assertThat(feed.metrics().ticks()).isEqualTo(ticksDuringOutage);
                assertThat(feed.metrics().frames()).isGreaterThan(ticksDuringOutage + 10);

                kafka = EmbeddedKafka.start(settings);
                await(() -> feed.metrics().ticks() > ticksDuringOutage + 20, "ticks published again after the restart");
                assertThat(feed.metrics().publishFailingSinceMs()).isZero();
                assertThat(publisher.outageSince()).isZero();
                assertThat(publisher.producersCreated()).isGreaterThan(1);
            } finally {
                sending.set(false);
                quotes.shutdown();
                quotes.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            publisher.flush();

            List<TopicSnapshot.Entry<String>> status = TopicSnapshot.readAll(bootstrap, KafkaFeedPublisher.STATUS_TOPIC, new StringDeserializer(), TIMEOUT);
            assertThat(status).extracting(TopicSnapshot.Entry::value).anySatisfy(v -> {
                assertThat(v).contains("\"state\":\"PUBLISH_RESUMED\"").contains("ticks not published during");
            });
            // every tick the feed counted is in the topic, from before and after the outage
            List<TopicSnapshot.Entry<BookTicker>> ticks = TopicSnapshot.readAll(bootstrap, Topics.TICKS.topicName(), AvroSerde.bookTicker(), TIMEOUT);
            assertThat((long) ticks.size()).isEqualTo(feed.metrics().ticks());
            assertThat(ticks).extracting(e -> e.value().getUpdateId()).isSorted().doesNotHaveDuplicates();
        } finally {
            kafka.close();
        }
    }

    private static String frame(long u) {
        return "{\"u\":" + u + ",\"s\":\"BTCUSDT\",\"b\":\"600.10\",\"B\":\"1.5\",\"a\":\"600.20\",\"A\":\"2\"}";
    }

    private static void await(BooleanSupplier condition, String what) {
        io.spreadflow.connectors.testing.Await.until(condition, TIMEOUT, what);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

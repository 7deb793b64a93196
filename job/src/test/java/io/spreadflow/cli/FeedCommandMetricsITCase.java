package io.spreadflow.cli;

import io.spreadflow.connectors.feed.VenueServer;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.metrics.PrometheusText;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.spreadflow.connectors.metrics.PrometheusText.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spreadflow feed --metrics-port 0} against the local venue server and an embedded broker: it prints its
 * endpoint, which serves the feed's meters with a quote published through Kafka.
 */
class FeedCommandMetricsITCase {

    private static final Pattern ENDPOINT = Pattern.compile("metrics: feed (http://127\\.0\\.0\\.1:\\d+/metrics)");

    @TempDir
    Path dir;

    @Test
    void theFeedPrintsItsMetricsEndpointAndServesItsMeters() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); VenueServer venue = VenueServer.startLocal()) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            Thread feed = new Thread(() -> new CommandLine(new FeedCommand()).execute("--venues", "binance-spot", "--instruments", "BTC-USDT",
                    "--endpoint", "binance-spot=" + venue.uri(), "--bootstrap", kafka.bootstrapServers(), "--metrics-port", "0"), "feed-command");
            feed.start();
            try {
                WebSocket conn = venue.nextConnection();
                venue.nextFrame("subscription");
                conn.send("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":100,\"s\":\"BTCUSDT\",\"b\":\"61837.63000000\","
                        + "\"B\":\"3.78826000\",\"a\":\"61837.64000000\",\"A\":\"1.54698000\"}}");
                java.util.concurrent.atomic.AtomicReference<Map<String, Double>> last = new java.util.concurrent.atomic.AtomicReference<>(Map.of());
                io.spreadflow.connectors.testing.Await.until(() -> {
                    Matcher found = ENDPOINT.matcher(printed.toString(StandardCharsets.UTF_8));
                    if (!found.find()) return false;
                    try {
                        last.set(PrometheusText.parse(PrometheusText.scrape(found.group(1), null), dir));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return value(last.get(), "spreadflow_feed_ticks_published_total") >= 1;
                }, Duration.ofSeconds(30), "one tick published, as the feed's endpoint says");
                Map<String, Double> seen = last.get();
                assertThat(printed.toString(StandardCharsets.UTF_8)).as("the endpoint line").containsPattern(ENDPOINT);
                assertThat(value(seen, "spreadflow_feed_ticks_published_total", "venue=\"binance-spot\"")).as("acknowledged by Kafka").isEqualTo(1.0);
                assertThat(value(seen, "spreadflow_feed_connected", "venue=\"binance-spot\"")).isEqualTo(1.0);
                assertThat(PrometheusText.names(seen)).contains("jvm_memory_used_bytes", "spreadflow_feed_reconnects_total");
            } finally {
                // the command waits for its shutdown hook; an interrupt ends the wait and its finally closes the feed
                feed.interrupt();
                feed.join(TimeUnit.SECONDS.toMillis(30));
                System.setOut(stdout);
            }
            assertThat(feed.isAlive()).as("the feed command stopped").isFalse();
        }
    }
}

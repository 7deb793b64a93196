package io.spreadflow.connectors.feed;

import io.spreadflow.connectors.metrics.MetricsEndpoint;
import io.spreadflow.connectors.metrics.PrometheusText;
import io.spreadflow.connectors.metrics.ProcessMeters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static io.spreadflow.connectors.metrics.PrometheusText.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A feed adapter against the local venue server, its meters served by {@link MetricsEndpoint} as the {@code feed}
 * command serves them, scraped over HTTP and read by the Prometheus project's text parser.
 */
class FeedMetricsEndpointTest {

    private ProcessMeters meters;
    private MetricsEndpoint endpoint;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        meters = new ProcessMeters();
    }

    @AfterEach
    void stop() {
        if (endpoint != null) endpoint.close();
        meters.close();
    }

    @Test
    void framesTicksDeadLettersAndReconnectsAreScrapedPerVenue() throws Exception {
        // two quotes, a duplicate update id, an unreadable frame, a dropped connection
        Map<String, Double> seen = PrometheusText.parse(RunningFeed.scrape(), dir);
        String venue = "venue=\"binance-spot\"";
        assertThat(value(seen, "spreadflow_feed_frames_total", venue)).isGreaterThanOrEqualTo(4.0);
        assertThat(value(seen, "spreadflow_feed_ticks_published_total", venue)).isEqualTo(2.0);
        assertThat(value(seen, "spreadflow_feed_dead_letters_total", venue)).isEqualTo(2.0);
        assertThat(value(seen, "spreadflow_feed_regressions_total", venue)).isEqualTo(1.0);
        assertThat(value(seen, "spreadflow_feed_reconnects_total", venue)).isEqualTo(1.0);
        assertThat(value(seen, "spreadflow_feed_disconnects_total", venue)).isEqualTo(1.0);
        assertThat(value(seen, "spreadflow_feed_publish_failures_total", venue)).isZero();
        assertThat(PrometheusText.names(seen)).contains("spreadflow_feed_stale_events_total", "spreadflow_feed_gaps_total",
                "spreadflow_feed_connected", "spreadflow_feed_stale_instruments", "spreadflow_feed_publish_failing",
                "jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage");
    }

    @Test
    void theEndpointAnswersOnlyGetOnMetrics() throws Exception {
        endpoint = MetricsEndpoint.start("127.0.0.1", 0, meters::scrape);
        HttpClient http = HttpClient.newHttpClient();
        URI other = URI.create(endpoint.url().replace("/metrics", "/metricsx"));
        assertThat(http.send(HttpRequest.newBuilder(other).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(endpoint.url())).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThatThrownBy(() -> MetricsEndpoint.start("127.0.0.1", 70_000, meters::scrape)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..65535");
        assertThatThrownBy(() -> MetricsEndpoint.start("127.0.0.1", endpoint.port(), meters::scrape)).hasMessageContaining("cannot serve metrics");
        assertThat(endpoint.url()).startsWith("http://127.0.0.1:");
        assertThatThrownBy(() -> PrometheusText.scrape(other.toString(), null)).isInstanceOf(IOException.class);
    }
}

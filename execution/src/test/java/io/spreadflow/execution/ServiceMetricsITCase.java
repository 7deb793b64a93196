package io.spreadflow.execution;

import io.spreadflow.connectors.metrics.PrometheusText;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.testing.Intents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.spreadflow.connectors.metrics.PrometheusText.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The running service's {@code GET /metrics}, scraped with the token and read by the Prometheus project's text
 * parser: its own counters under their established names, JVM meters, HTTP requests with a latency histogram,
 * and the ledger's sizes.
 */
class ServiceMetricsITCase {

    private static final String TOKEN = "metrics-token-for-tests";

    @TempDir
    Path dir;
    private ExecutionService service;

    @AfterEach
    void stop() {
        if (service != null) service.close();
    }

    @Test
    void theServicesMetricsAreScrapedWithTheTokenAndParsedByAPrometheusParser() throws Exception {
        service = ExecutionService.start(ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir).withApiToken(TOKEN));
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/v1/intents"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(IntentCodec.requestBody(List.of(Intents.entry("BTC-USDT", 1, 0.1, 1_500_000, 1L)))))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

        Map<String, Double> seen = PrometheusText.parse(PrometheusText.scrape(service.baseUrl() + "/metrics", TOKEN), dir);

        assertThat(PrometheusText.names(seen)).as("the service's own counters, names as before Micrometer").contains(
                "spreadflow_execution_intents_received_total", "spreadflow_execution_intents_duplicate_total",
                "spreadflow_execution_intents_conflicting_total", "spreadflow_execution_intents_executed_total",
                "spreadflow_execution_legs_filled_total", "spreadflow_execution_reports_published_total",
                "spreadflow_execution_ticks_read_total", "spreadflow_execution_ticks_skipped_total",
                "spreadflow_execution_http_responses_total", "spreadflow_execution_kill_switch");
        assertThat(value(seen, "spreadflow_execution_intents_received_total")).isEqualTo(1.0);
        assertThat(value(seen, "spreadflow_execution_http_responses_total", "code=\"200\"")).isGreaterThanOrEqualTo(1.0);

        assertThat(PrometheusText.names(seen)).as("JVM meters").contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
                "jvm_gc_memory_allocated_bytes_total", "system_cpu_count", "process_cpu_usage");

        assertThat(value(seen, "spreadflow_execution_http_requests_seconds_count", "method=\"POST\"", "route=\"/v1/intents\"", "status=\"200\""))
                .as("the POST, by method, route and status").isEqualTo(1.0);
        assertThat(seen.keySet()).as("a latency histogram").anyMatch(k -> k.startsWith("spreadflow_execution_http_requests_seconds_bucket{")
                && k.contains("route=\"/v1/intents\"") && k.contains("le=\"+Inf\""));

        assertThat(value(seen, "spreadflow_execution_ledger_intents")).as("the one intent, under its status").isEqualTo(1.0);
        assertThat(seen).containsKey("spreadflow_execution_open_intents{}").containsKey("spreadflow_execution_outbox_pending{}");
        assertThat(value(seen, "spreadflow_execution_ledger_intents", "status=\"" + service.ledger().find(
                Intents.entry("BTC-USDT", 1, 0.1, 1_500_000, 1L).getIntentId().toString()).orElseThrow().status() + "\"")).isEqualTo(1.0);
    }

    @Test
    void aScrapeWithoutTheTokenIsRefusedAndCountedByRoute() throws Exception {
        service = ExecutionService.start(ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir).withApiToken(TOKEN));
        assertThatThrownBy(() -> PrometheusText.scrape(service.baseUrl() + "/metrics", null)).isInstanceOf(IOException.class)
                .hasMessageContaining("401");
        assertThatThrownBy(() -> PrometheusText.scrape(service.baseUrl() + "/metrics", "wrong")).hasMessageContaining("401");
        Map<String, Double> seen = PrometheusText.parse(PrometheusText.scrape(service.baseUrl() + "/metrics", TOKEN), dir);
        assertThat(value(seen, "spreadflow_execution_http_responses_total", "code=\"401\"")).isEqualTo(2.0);
        assertThat(value(seen, "spreadflow_execution_http_requests_seconds_count", "method=\"GET\"", "status=\"401\"")).isEqualTo(2.0);
    }
}

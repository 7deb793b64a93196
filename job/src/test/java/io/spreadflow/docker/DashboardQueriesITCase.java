package io.spreadflow.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spreadflow.connectors.feed.RunningFeed;
import io.spreadflow.connectors.metrics.PrometheusText;
import io.spreadflow.execution.ExecutionService;
import io.spreadflow.execution.ExecutionSettings;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.risk.RiskLimits;
import io.spreadflow.execution.testing.Intents;
import io.spreadflow.job.JobMetricsITCase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every query of the Grafana dashboard in docker/ names metrics that real scrapes produce: the job's (Flink's
 * Prometheus reporter in a MiniCluster), the execution service's and a feed's, each read by the Prometheus
 * project's text parser. A renamed metric fails here with the panel's title, not as an empty panel.
 */
class DashboardQueriesITCase {

    private static final Path DASHBOARD = Path.of(System.getProperty("spreadflow.root", ".."))
            .resolve("docker/grafana/dashboards/spreadflow.json");
    private static final String TOKEN = "dashboard-token-for-tests";

    @TempDir
    static Path dir;
    private static final Set<String> scraped = new TreeSet<>();
    private static JsonNode dashboard;

    @BeforeAll
    static void scrapeEverything() throws Exception {
        dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        scraped.addAll(PrometheusText.names(JobMetricsITCase.scrapeRunningJob(Files.createDirectories(dir.resolve("job")))));
        scraped.addAll(PrometheusText.names(PrometheusText.parse(serviceScrape(), dir)));
        scraped.addAll(PrometheusText.names(PrometheusText.parse(RunningFeed.scrape(), dir)));
    }

    /** The service after one intent refused by a risk rule (so the per-rule counter exists) and a few requests. */
    private static String serviceScrape() throws Exception {
        ExecutionSettings settings = ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(Files.createDirectories(dir.resolve("service")))
                .withApiToken(TOKEN).withRiskLimits(RiskLimits.DEFAULT.withMaxOrderNotional(BigDecimal.ONE));
        try (ExecutionService service = ExecutionService.start(settings)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/v1/intents"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(IntentCodec.requestBody(List.of(Intents.entry("BTC-USDT", 1, 1, 1_500_000, 1L)))))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).contains("REJECTED");
            return PrometheusText.scrape(service.baseUrl() + "/metrics", TOKEN);
        }
    }

    @Test
    void everyPanelQueryNamesMetricsTheScrapesProduced() {
        assertThat(DashboardQueries.byPanel(dashboard)).as("panels with queries").hasSizeGreaterThan(10);
        assertThat(DashboardQueries.problems(dashboard, scraped)).as("scraped: %s", scraped).isEmpty();
    }

    @Test
    void thePanelsTheIssueAsksForAreThere() {
        Set<String> used = new TreeSet<>();
        DashboardQueries.byPanel(dashboard).values().forEach(used::addAll);
        assertThat(used).as("tick rate, dead letters, intents, fills, positions, P&L, latency histogram, feed status").contains(
                "flink_taskmanager_job_task_operator_ticks", "flink_taskmanager_job_task_operator_reason_deadLetters",
                "flink_taskmanager_job_task_operator_purpose_intents", "spreadflow_execution_legs_filled_total",
                "flink_taskmanager_job_task_operator_openPositions", "flink_taskmanager_job_task_operator_realizedPnlQuote",
                "spreadflow_execution_http_requests_seconds_bucket", "spreadflow_feed_connected", "spreadflow_feed_stale_instruments");
    }

    @Test
    void aPanelNamingAMetricNoScrapeProducedIsReportedWithItsTitle() {
        ObjectNode broken = dashboard.deepCopy();
        ObjectNode panel = broken.withArray("panels").addObject();
        panel.put("title", "Feed frames (misspelt)");
        panel.putArray("targets").addObject().put("expr", "sum by (venue) (rate(spreadflow_feed_frame_total[1m]))");
        assertThat(DashboardQueries.problems(broken, scraped))
                .containsExactly("panel 'Feed frames (misspelt)': metric spreadflow_feed_frame_total is in no scrape");
    }
}

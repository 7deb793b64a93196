package io.spreadflow.job;

import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.job.source.EngineInput;
import io.spreadflow.job.source.EngineInputType;
import io.spreadflow.schemas.BookTicker;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine operator's metrics through Flink's Prometheus reporter, as the demo configures it: a running
 * job is scraped over HTTP and the text is parsed by the Prometheus project's own parser (the Python
 * client, {@code prometheus_client.parser}), not by ours.
 */
public class JobMetricsITCase {

    private static final List<BookTicker> TICKS = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 20_000);

    /** The synthetic market with one crossed book in it, slowly enough that the job is still running when scraped. */
    private record Paced(ArrayList<BookTicker> ticks) implements GeneratorFunction<Long, EngineInput> {
        @Override
        public EngineInput map(Long i) {
            BookTicker t = ticks.get(i.intValue());
            if (i == 100) t = BookTicker.newBuilder(t).setBidPrice(t.getAskPrice() * 2).build();
            return EngineInput.of(t, i);
        }
    }

    @Test
    void theEngineOperatorsMetricsAreScrapedAndParsedByAPrometheusParser(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Map<String, Double> seen = scrapeRunningJob(dir);

        assertThat(value(seen, "flink_taskmanager_job_task_operator_ticks")).as("ticks counted").isGreaterThan(2_000);
        assertThat(value(seen, "flink_taskmanager_job_task_operator_purpose_intents", "purpose=\"ENTRY\"")).as("entries").isPositive();
        assertThat(seen.keySet()).as("a counter per purpose").anyMatch(k -> k.contains("purpose=\"EXIT\""))
                .anyMatch(k -> k.contains("purpose=\"HEDGE\""));
        assertThat(value(seen, "flink_taskmanager_job_task_operator_reason_deadLetters", "reason=")).as("the crossed book, by reason")
                .isEqualTo(1.0);
        assertThat(seen.keySet()).anyMatch(k -> k.startsWith("flink_taskmanager_job_task_operator_openPositions"));
        assertThat(seen.keySet()).anyMatch(k -> k.startsWith("flink_taskmanager_job_task_operator_realizedPnlQuote"));
        assertThat(seen.keySet()).anyMatch(k -> k.startsWith("flink_taskmanager_job_task_operator_heldTicks"));
        assertThat(seen.keySet()).anyMatch(k -> k.startsWith("flink_taskmanager_job_task_operator_source_eventTimeLagMs") && k.contains("source=\"ticks\""));
        // the heap backend keeps the states itself: nothing is kept aside on the heap (RocksDB: HeapBoundTest)
        assertThat(seen.keySet()).anyMatch(k -> k.startsWith("flink_taskmanager_job_task_operator_instrumentsOnHeap{"));
        assertThat(value(seen, "flink_taskmanager_job_task_operator_instrumentsOnHeap")).as("instruments on the heap, HASHMAP").isZero();
    }

    /**
     * Runs the demo strategy over the synthetic market (one crossed book in it) in a MiniCluster with the Prometheus
     * reporter as the demo configures it, and returns the parsed scrape once ticks and entries are counted.
     */
    public static Map<String, Double> scrapeRunningJob(Path dir) throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Configuration options = JobOptions.fromArgs("--state-backend", "HASHMAP", "--checkpoint-interval", "0 ms");
        Configuration conf = SpreadflowJob.flinkConfiguration(options);
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", Integer.toString(port));
        try (LocalFlinkCluster flink = LocalFlinkCluster.start(conf, 1)) {
            StreamExecutionEnvironment env = flink.environment();
            env.setParallelism(1);
            var source = new DataGeneratorSource<>(new Paced(new ArrayList<>(TICKS)), TICKS.size(), RateLimiterStrategy.perSecond(2_000),
                    EngineInputType.INSTANCE);
            Workflow.defineWorkflow(env, Workflow.Ticks.live(source, "ticks"), null, EngineFactory.of(EngineConfigs.demo()), JobSinks.none());
            JobID job = flink.submit(env, "metrics");

            java.util.concurrent.atomic.AtomicReference<Map<String, Double>> last = new java.util.concurrent.atomic.AtomicReference<>(new HashMap<>());
            io.spreadflow.connectors.testing.Await.until(() -> {
                try {
                    last.set(parse(scrape(port), dir));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return value(last.get(), "flink_taskmanager_job_task_operator_ticks") > 2_000
                        && value(last.get(), "flink_taskmanager_job_task_operator_purpose_intents", "purpose=\"ENTRY\"") > 0;
            }, Duration.ofSeconds(60), "ticks and entries in the job's scrape");
            Map<String, Double> seen = last.get();
            flink.cancel(job);
            return seen;
        }
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** Every sample as {@code name{labels} -> value}, read by prometheus_client's text parser. */
    static Map<String, Double> parse(String text, Path dir) throws IOException, InterruptedException {
        return io.spreadflow.connectors.metrics.PrometheusText.parse(text, dir);
    }

    /** The sum of the samples of {@code name} whose labels contain every {@code label} fragment. */
    static double value(Map<String, Double> samples, String name, String... labels) {
        double sum = 0;
        for (var e : samples.entrySet()) {
            if (!e.getKey().startsWith(name + "{")) continue;
            boolean all = true;
            for (String l : labels) all &= e.getKey().contains(l);
            if (all) sum += e.getValue();
        }
        return sum;
    }
}

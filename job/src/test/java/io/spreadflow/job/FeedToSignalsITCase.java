package io.spreadflow.job;

import io.spreadflow.connectors.feed.BinanceFeed;
import io.spreadflow.connectors.feed.FeedAdapter;
import io.spreadflow.connectors.feed.FeedSettings;
import io.spreadflow.connectors.feed.KafkaFeedPublisher;
import io.spreadflow.connectors.files.RealData;
import io.spreadflow.connectors.feed.Venue;
import io.spreadflow.connectors.feed.VenueServer;
import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.kafka.TopicSnapshot;
import io.spreadflow.connectors.kafka.Topics;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live path end to end: the real Binance BTCUSDT recording of 2024-08-08 (spot and USD-M) is
 * played by a local WebSocket server at full speed to the two {@link BinanceFeed} adapters, which
 * publish through {@link KafkaFeedPublisher} to {@code ticks} on an embedded broker; the job
 * ({@link SpreadflowJob#defineLiveJob}: the workflow with its Kafka source and sinks) runs on a MiniCluster with rdn
 * at zero fees and thresholds taken from the recording's own spread distribution, and writes
 * {@code signals} to Kafka. Once the engine has seen every published tick, the job is stopped with
 * drain, which flushes its sinks.
 */
class FeedToSignalsITCase {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final long POLL_MS = 20;
    private static final String SPOT = "data/binance/raw/spot/btcusdt_20240808.gz";
    private static final String USDM = "data/binance/raw/usdm/btcusdt_20240808.gz";
    private static final Pattern BOOK_TICKER = Pattern.compile("^(\\d+) \\{\"stream\":\"btcusdt@bookTicker\".*\"b\":\"([0-9.]+)\".*\"a\":\"([0-9.]+)\"");

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @Test
    void recordedFeedsThroughKafkaAndTheJobBecomeSignals(@TempDir Path savepoints) throws Exception {
        Path spotFile = RealData.require(SPOT);
        Path usdmFile = RealData.require(USDM);
        List<BookLine> spot = bookTickers(spotFile);
        List<BookLine> usdm = bookTickers(usdmFile);
        // enter in the cheapest tenth of the recorded spreads, leave at the median: real quotes cross both
        double[] spreads = recordedEntrySpreads(spot, usdm);
        double entry = percentile(spreads, 0.10);
        double exit = percentile(spreads, 0.50);
        assertThat(entry).isLessThan(exit);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            Topics.ensureTopics(bootstrap);
            Configuration options = JobOptions.fromArgs("--bootstrap", bootstrap, "--starting-offsets", "EARLIEST",
                    "--group-id", "feed-to-signals", "--state-backend", "HASHMAP", "--checkpoint-interval", "0 ms",
                    "--parallelism", "1");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(SpreadflowJob.flinkConfiguration(options));
            SpreadflowJob.defineLiveJob(env, options, EngineFactory.of(rdn(entry, exit)));
            JobClient job = env.executeAsync("feed to signals");
            JobID jobId = job.getJobID();

            long published;
            try (VenueServer server = VenueServer.startLocal();
                 KafkaFeedPublisher publisher = new KafkaFeedPublisher(bootstrap);
                 FeedAdapter spotFeed = new BinanceFeed(Venue.BINANCE_SPOT, List.of("BTC-USDT"), settings(Venue.BINANCE_SPOT, server, "/spot"), publisher);
                 FeedAdapter usdmFeed = new BinanceFeed(Venue.BINANCE_USDM, List.of("BTC-USDT"), settings(Venue.BINANCE_USDM, server, "/usdm"), publisher)) {
                spotFeed.start();
                usdmFeed.start();
                Map<String, WebSocket> byPath = new LinkedHashMap<>();
                for (int i = 0; i < 2; i++) {
                    WebSocket c = server.nextConnection();
                    byPath.put(c.getResourceDescriptor(), c);
                }
                // a venue sends nothing before the subscription
                assertThat(List.of(server.nextFrame("subscription"), server.nextFrame("subscription")))
                        .allSatisfy(f -> assertThat(f).contains("\"btcusdt@bookTicker\""));
                LinkedHashMap<WebSocket, Path> sessions = new LinkedHashMap<>();
                sessions.put(byPath.get("/spot"), spotFile);
                sessions.put(byPath.get("/usdm"), usdmFile);
                server.playRecordings(sessions);

                await("feeds published every bookTicker frame", () -> spotFeed.metrics().ticks() + usdmFeed.metrics().ticks(),
                        spot.size() + usdm.size());
                assertThat(spotFeed.metrics().ticks()).isEqualTo(spot.size());
                assertThat(usdmFeed.metrics().ticks()).isEqualTo(usdm.size());
                assertThat(spotFeed.metrics().deadLetters() + usdmFeed.metrics().deadLetters()).isZero();
                publisher.flush();
                published = spotFeed.metrics().ticks() + usdmFeed.metrics().ticks();
            }

            LongSupplier engineTicks = () -> engineRecordsIn(jobId);
            await("the job's engine saw every published tick", engineTicks, published);
            // drain: the end of input reaches the engine and the sinks flush before the job stops
            job.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            job.getJobExecutionResult().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(engineTicks.getAsLong()).as("ticks the job saw").isEqualTo(published);

            List<Signal> signals = TopicSnapshot.readAll(bootstrap, Topics.SIGNALS.topicName(), AvroSerde.signal(), DEADLINE)
                    .stream().map(TopicSnapshot.Entry::value).toList();
            List<Signal> enters = signals.stream().filter(s -> s.getKind() == SignalKind.ENTER).toList();
            assertThat(signals).isNotEmpty().allSatisfy(s -> assertThat(s.getInstrument()).isEqualTo("BTC-USDT"));
            assertThat(enters).as("ENTER signals at entry threshold %s %%", entry).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.getSpreadPct()).isLessThan(entry));
            assertThat(signals).anySatisfy(s -> assertThat(s.getKind()).isEqualTo(SignalKind.EXIT));
        }
    }

    /** rdn on Binance spot (A) and USD-M, every tick a row, no fees, any volatility. */
    private static StrategyConfig rdn(double entry, double exit) {
        return StrategyConfig.builder("rdn")
                .venues(List.of(Venue.BINANCE_SPOT.id()), Venue.BINANCE_USDM.id())
                .multiSpot(false)
                .param("entry_spread_threshold", entry)
                .param("exit_spread_threshold", exit)
                .param("min_volatility", 0.0)
                .param("total_fees", 0.0)
                .fee(Venue.BINANCE_SPOT.id(), StrategyConfig.VenueFees.ZERO)
                .fee(Venue.BINANCE_USDM.id(), StrategyConfig.VenueFees.ZERO)
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withWalkBook(true))
                .build();
    }

    private static FeedSettings settings(Venue venue, VenueServer server, String path) {
        // the recording lasts minutes in recorded time but arrives in seconds: nothing goes stale or silent meanwhile
        return FeedSettings.defaults(venue).withEndpoint(server.uri(path)).withStaleAfter(DEADLINE).withSilentAfter(DEADLINE);
    }

    /** Records into the engine operator over its parallel instances: the ticks it was handed. */
    private static long engineRecordsIn(JobID job) {
        long n = 0;
        for (OperatorMetricGroup g : METRICS.findOperatorMetricGroups(job, "instrument engine")) {
            n += g.getIOMetricGroup().getNumRecordsInCounter().getCount();
        }
        return n;
    }

    private static void await(String what, LongSupplier actual, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        BooleanSupplier done = () -> actual.getAsLong() >= expected;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": " + actual.getAsLong() + " of " + expected + " within " + DEADLINE);
            // Flink counters notify nobody: poll them until the deadline
            TimeUnit.MILLISECONDS.sleep(POLL_MS);
        }
    }

    /** A bookTicker line of the recording: recorded receive time, best bid and ask. */
    private record BookLine(long ts, double bid, double ask) {}

    /** The bookTicker frames of an hftbacktest recording, read with a plain pattern. */
    private static List<BookLine> bookTickers(Path file) throws IOException {
        List<BookLine> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                Matcher m = BOOK_TICKER.matcher(line);
                if (m.find()) out.add(new BookLine(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))));
            }
        }
        return out;
    }

    /** (futures bid − spot ask) / futures bid × 100 after every quote, the two legs joined on recorded time. */
    private static double[] recordedEntrySpreads(List<BookLine> spot, List<BookLine> futures) {
        record Q(BookLine line, boolean futures) {}
        List<Q> all = new ArrayList<>(spot.size() + futures.size());
        spot.forEach(l -> all.add(new Q(l, false)));
        futures.forEach(l -> all.add(new Q(l, true)));
        all.sort(Comparator.comparingLong(q -> q.line().ts()));
        double spotAsk = Double.NaN;
        double futBid = Double.NaN;
        double[] out = new double[all.size()];
        int n = 0;
        for (Q q : all) {
            if (q.futures()) futBid = q.line().bid();
            else spotAsk = q.line().ask();
            if (!Double.isNaN(spotAsk) && !Double.isNaN(futBid)) out[n++] = (futBid - spotAsk) / futBid * 100;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}

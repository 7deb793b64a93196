package io.spreadflow.cli;

import io.spreadflow.connectors.feed.ContractSpecClient;
import io.spreadflow.connectors.feed.ContractSpecs;
import io.spreadflow.connectors.feed.FeedAdapter;
import io.spreadflow.connectors.feed.FeedMeters;
import io.spreadflow.connectors.feed.FeedSettings;
import io.spreadflow.connectors.feed.KafkaFeedPublisher;
import io.spreadflow.connectors.feed.Venue;
import io.spreadflow.connectors.kafka.KafkaClientSettings;
import io.spreadflow.connectors.metrics.MetricsEndpoint;
import io.spreadflow.connectors.metrics.ProcessMeters;
import io.spreadflow.connectors.feed.VenueFeeds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code spreadflow feed}: live exchange book tickers into Kafka {@code ticks}. */
@Command(name = "feed", mixinStandardHelpOptions = true,
        footerHeading = "%nVenues, and how each spells BTC-USDT:%n", footer = "${sys:spreadflow.feed.venue-table}",
        description = {"Runs live feed adapters: each venue's best bid/ask WebSocket -> Kafka 'ticks' (key = instrument),",
            "unreadable frames -> 'ticks.dlq', connection and staleness changes -> 'feed.status'. Runs until stopped."})
public final class FeedCommand implements Callable<Integer> {

    static {
        // the venue table is computed from Venue; picocli reads it through this property when rendering --help
        System.setProperty("spreadflow.feed.venue-table", String.join("%n", new VenueList()));
    }

    /** Lists the venues and how each spells BTC-USDT, for {@code --help}. */
    static final class VenueList implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Venue.values()).filter(Venue::hasLiveFeed)
                    .map(v -> "  " + v.id() + " (BTC-USDT -> " + v.venueSymbol("BTC-USDT") + (v.sizedInContracts() ? ", sizes in contracts" : "") + ")")
                    .iterator();
        }
    }

    @Option(names = "--venues", required = true, split = ",", paramLabel = "VENUE", completionCandidates = VenueList.class,
            description = "comma-separated venues (listed below)")
    List<String> venues;

    @Option(names = "--instruments", required = true, split = ",", paramLabel = "BASE-QUOTE", description = "e.g. BTC-USDT,ETH-USDT")
    List<String> instruments;

    @Mixin
    KafkaOptions kafkaOptions = new KafkaOptions();

    @Option(names = "--endpoint", paramLabel = "VENUE=URL", description = "override a venue's WebSocket URL, e.g. binance-spot=ws://127.0.0.1:9000/stream")
    Map<String, URI> endpoints = new LinkedHashMap<>();

    @Option(names = "--rest", paramLabel = "VENUE=URL", description = "override the REST base URL contract multipliers are fetched from")
    Map<String, URI> restEndpoints = new LinkedHashMap<>();

    @Mixin
    ContractSpecsOption specs = new ContractSpecsOption();

    @Option(names = "--stale-after", description = "report an instrument stale after this long without a quote (ISO-8601;"
            + " default: the venue's, 5 s for book-ticker streams, 10 s for mexc-futures)")
    Duration staleAfter;

    @Option(names = "--max-publish-outage", defaultValue = "PT1M", description = "exit with status 1 when Kafka refuses ticks"
            + " for longer than this (ISO-8601, default ${DEFAULT-VALUE}); shorter outages are retried with back-off")
    Duration maxPublishOutage;

    @Option(names = "--heartbeat", defaultValue = "PT15S", description = "venue heartbeat interval (default ${DEFAULT-VALUE})")
    Duration heartbeat;

    @Option(names = "--metrics-every", defaultValue = "PT30S", description = "print counters this often (default ${DEFAULT-VALUE})")
    Duration metricsEvery;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "serve Prometheus metrics on http://HOST:PORT/metrics"
            + " (0 = a free port, printed at start; default: no endpoint)")
    Integer metricsPort;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "address the metrics endpoint"
            + " binds (default ${DEFAULT-VALUE}; 0.0.0.0 in a container)")
    String metricsHost;

    /** How often the publisher's outage is checked against {@code --max-publish-outage}. */
    private static final long OUTAGE_CHECK_MS = 1000;
    /** Back-off of a new Kafka producer after a send failure, doubling from min to max. */
    private static final Duration PUBLISH_RECONNECT_MIN = Duration.ofMillis(500);
    private static final Duration PUBLISH_RECONNECT_MAX = Duration.ofSeconds(30);

    @Override
    public Integer call() throws Exception {
        List<Venue> vs;
        try {
            vs = venues.stream().map(Venue::of).toList();
            for (Venue v : vs) if (!v.hasLiveFeed()) throw new IllegalArgumentException(v + " has no live feed");
            if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
                throw new IllegalArgumentException("--metrics-port must be 0..65535, got " + metricsPort);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("feed: " + e.getMessage());
            return 2;
        }
        KafkaClientSettings kafka = kafkaOptions.settings();
        KafkaFeedPublisher.ensureTopics(kafka);
        List<FeedAdapter> feeds = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        ProcessMeters meters = new ProcessMeters();
        MetricsEndpoint endpoint = null;
        try (KafkaFeedPublisher publisher = new KafkaFeedPublisher(kafka, PUBLISH_RECONNECT_MIN, PUBLISH_RECONNECT_MAX)) {
            ContractSpecs fileSpecs = specs.load();
            ContractSpecClient rest = new ContractSpecClient(Duration.ofSeconds(10));
            for (Venue v : vs) {
                ContractSpecs vSpecs = fileSpecs;
                if (v.sizedInContracts() && !specs.given()) {
                    URI restBase = restEndpoints.getOrDefault(v.id(), v.defaultRestEndpoint().orElseThrow());
                    vSpecs = rest.fetch(v, restBase, instruments.stream().map(v::venueSymbol).toList());
                }
                FeedSettings s = FeedSettings.defaults(v).withHeartbeatInterval(heartbeat);
                if (staleAfter != null) s = s.withStaleAfter(staleAfter);
                if (endpoints.containsKey(v.id())) s = s.withEndpoint(endpoints.get(v.id()));
                FeedAdapter feed = VenueFeeds.create(v, instruments, s, publisher, vSpecs);
                FeedMeters.bind(feed, meters.registry());
                feeds.add(feed);
            }
            if (metricsPort != null) {
                endpoint = MetricsEndpoint.start(metricsHost, metricsPort, meters::scrape);
                System.out.println("metrics: feed " + endpoint.url());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                feeds.forEach(FeedAdapter::close);
                stopped.countDown();
            }, "feed-shutdown"));
            for (FeedAdapter f : feeds) {
                f.start();
                System.out.println("feed " + f.venue() + " " + f.venueSymbols() + " -> " + kafkaOptions.bootstrap());
            }
            long nextMetrics = System.nanoTime() + metricsEvery.toNanos();
            while (!stopped.await(OUTAGE_CHECK_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                java.util.Optional<String> outage = publisher.outageLongerThan(maxPublishOutage);
                if (outage.isPresent()) {
                    // a feed that cannot publish must not look healthy: stop, so a supervisor restarts it or a human looks
                    System.err.println("feed: " + outage.get() + "; exiting");
                    for (FeedAdapter f : feeds) System.err.println(f.venue() + " " + f.metrics().snapshot());
                    return 1;
                }
                if (System.nanoTime() - nextMetrics >= 0) {
                    nextMetrics += metricsEvery.toNanos();
                    for (FeedAdapter f : feeds) System.out.println(f.venue() + " " + f.metrics().snapshot());
                }
            }
            return 0;
        } finally {
            feeds.forEach(FeedAdapter::close);
            if (endpoint != null) endpoint.close();
            meters.close();
        }
    }
}

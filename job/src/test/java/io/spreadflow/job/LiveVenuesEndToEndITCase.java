package io.spreadflow.job;

import io.spreadflow.connectors.kafka.AvroSerde;
import io.spreadflow.connectors.kafka.EmbeddedKafka;
import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.engine.config.ConfigOverrides;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigLoader;
import io.spreadflow.engine.strategy.StrategyRegistry;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.ledger.LedgerEntry;
import io.spreadflow.execution.ledger.PositionRow;
import io.spreadflow.execution.venue.GateFuturesApi;
import io.spreadflow.execution.venue.MexcSpotApi;
import io.spreadflow.execution.venue.sim.BinanceFamilySim;
import io.spreadflow.execution.venue.sim.GateSim;
import io.spreadflow.execution.venue.sim.SimExchange;
import io.spreadflow.execution.venue.sim.VenueSimulator;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live loop trading rdn for real against the venue simulators: synthetic ticks quoted as
 * {@code mexc-spot} and {@code gateio-futures} go through the live job (embedded Kafka, MiniCluster);
 * the execution service runs as its own process ({@code spreadflow execution --venue …=live}) and sends
 * the spot leg to the MEXC simulator and the futures leg to the Gate.io futures simulator. While a Gate.io
 * order is accepted but not yet answered, the service is killed with SIGKILL; the restarted service
 * reconciles and completes that intent by client id. Afterwards each leg of each intent is exactly one
 * venue order, no order was sent twice, and the ledger's positions are the venues'.
 */
class LiveVenuesEndToEndITCase {

    private static final int TICKS = Integer.getInteger("live-venues.ticks", 20_000);
    private static final String KEY = "e2e-key-0001";
    private static final String SECRET = "e2e-secret-0123456789abcdef";
    private static final Duration DEADLINE = Duration.ofSeconds(150);
    private static final Map<String, String> GATE_MULTIPLIER = Map.of("BTC_USDT", "0.0001", "ETH_USDT", "0.01", "SOL_USDT", "1");

    @TempDir
    Path dir;

    @Test
    void eachLegIsOneVenueOrderAndAKilledServiceResumesWithoutASecondOrder() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             VenueSimulator mexc = new VenueSimulator(spot(), new BinanceFamilySim(BinanceFamilySim.Variant.MEXC), KEY, SECRET);
             VenueSimulator gate = new VenueSimulator(futures(), new GateSim(true), KEY, SECRET)) {
            kafka.createTopics(Map.of("ticks", 2, "executions", 2, "order-intents", 2, "signals", 2, "dlq", 1));
            publishTicks(kafka);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path creds = dir.resolve("venues.properties");
            Files.writeString(creds, "mexc-spot.key=" + KEY + "\nmexc-spot.secret=" + SECRET + "\ngateio-futures.key=" + KEY
                    + "\ngateio-futures.secret=" + SECRET + "\n");
            Path token = dir.resolve("token");
            Files.writeString(token, "e2e-token\n");
            List<String> serviceArgs = List.of("execution", "--port", Integer.toString(port), "--data-dir", dir.resolve("execution").toString(),
                    "--token-file", token.toString(), "--bootstrap", kafka.bootstrapServers(), "--executions-topic", "executions",
                    "--venue", "mexc-spot=live", "--venue", "gateio-futures=live", "--base-url", "mexc-spot=" + mexc.baseUrl(),
                    "--base-url", "gateio-futures=" + gate.baseUrl(), "--credentials-file", creds.toString(),
                    "--i-understand-this-trades-real-money");
            Process service = startService(serviceArgs);

            Configuration options = JobOptions.fromArgs("--bootstrap", kafka.bootstrapServers(), "--group-id", "job-e2e",
                    "--starting-offsets", "EARLIEST", "--parallelism", "1", "--checkpoint-interval", "300 ms",
                    "--checkpoint-dir", Files.createDirectories(dir.resolve("checkpoints")).toUri().toString(),
                    "--spreadflow.topic.executions", "executions", "--spreadflow.topic.order-intents", "order-intents",
                    "--spreadflow.topic.signals", "signals", "--spreadflow.topic.dead-letters", "dlq", "--job-name", "live venues e2e");
            try (LocalFlinkCluster flink = LocalFlinkCluster.start(SpreadflowJob.flinkConfiguration(options), 1)) {
                StreamExecutionEnvironment env = flink.environment();
                Configuration live = new Configuration(options);
                live.set(JobOptions.EXECUTION_ENDPOINT, "http://127.0.0.1:" + port);
                live.set(JobOptions.EXECUTION_TOKEN, "e2e-token");
                live.set(JobOptions.EXECUTION_FAIL_AFTER, Duration.ofSeconds(120));
                Workflow.defineWorkflow(env, Workflow.Ticks.live(SpreadflowJob.kafkaTicks(options), options.get(JobOptions.TICKS_TOPIC)),
                        SpreadflowJob.kafkaExecutions(options), EngineFactory.of(config()).viaService(), JobSinks.live(live));
                JobID job = flink.submit(env, "live venues e2e");

                // after two futures orders, hold the next one's answer back and kill the service while it waits
                await("two futures orders", () -> gate.exchange().orders().size() >= 2, () -> status(flink, job, mexc, gate));
                CountDownLatch held = gate.answerNextOrderAfter(20_000);
                assertThat(held.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("a futures order accepted and held").isTrue();
                String inFlight = gate.exchange().orders().get(gate.exchange().orders().size() - 1).clientId;
                service.destroyForcibly().waitFor();
                service = startService(serviceArgs);

                await("every tick and report consumed, the venues quiet", () -> quiet(kafka, mexc, gate),
                        () -> status(flink, job, mexc, gate) + "\nlag " + lag(kafka, "job-e2e", "ticks") + "/"
                                + lag(kafka, "job-e2e-executions", "executions") + "\ngate requests " + gate.exchange().requests()
                                + "\nservice log:\n" + serviceLog() + "\nintents:\n" + intentsSeenByService(kafka, port));
                flink.cancel(job);
                service.destroy();
                assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();

                try (IntentLedger ledger = IntentLedger.open("jdbc:h2:file:" + dir.resolve("execution").toAbsolutePath().resolve("ledger")
                        + ";DB_CLOSE_DELAY=-1", null, null)) {
                    assertOneOrderPerLeg(ledger, intentIds(kafka), mexc, gate, inFlight);
                    assertPositionsAreTheVenues(ledger, mexc, gate);
                }
            } finally {
                service.destroyForcibly();
            }
        }
    }

    private static void assertOneOrderPerLeg(IntentLedger ledger, Set<String> intentIds, VenueSimulator mexc, VenueSimulator gate,
                                             String inFlight) {
        assertThat(intentIds).as("intents the job sent").hasSizeGreaterThanOrEqualTo(4);
        assertThat(ledger.pending()).as("nothing left RECEIVED").isEmpty();
        Set<String> legOrders = new TreeSet<>();
        for (String id : intentIds) {
            LedgerEntry e = ledger.find(id).orElseThrow(() -> new AssertionError("intent " + id + " not in the ledger"));
            assertThat(e.status()).as("intent " + id + ": " + e.reports()).isEqualTo("FILLED");
            for (ExecutionReport r : e.reports()) legOrders.add(r.getVenue() + " " + r.getVenueOrderId());
        }
        Set<String> venueOrders = new TreeSet<>();
        mexc.exchange().orders().forEach(o -> venueOrders.add("mexc-spot " + o.id));
        gate.exchange().orders().forEach(o -> venueOrders.add("gateio-futures " + o.id));
        assertThat(venueOrders).as("exactly the ledger's leg orders exist on the venues").isEqualTo(legOrders);
        for (VenueSimulator v : List.of(mexc, gate)) {
            long posts = v.exchange().requests().stream().filter(q -> q.startsWith("POST")).count();
            assertThat(posts).as("no order placed twice").isEqualTo(v.exchange().orders().size());
        }
        assertThat(gate.exchange().orders()).filteredOn(o -> o.clientId.equals(inFlight)).hasSize(1);
        System.out.printf("live venues: %d intents, %d MEXC orders, %d Gate.io orders, killed with %s in flight%n", intentIds.size(),
                mexc.exchange().orders().size(), gate.exchange().orders().size(), inFlight);
    }

    private static void assertPositionsAreTheVenues(IntentLedger ledger, VenueSimulator mexc, VenueSimulator gate) {
        for (PositionRow p : ledger.positions()) {
            String base = p.instrument().substring(0, p.instrument().indexOf('-'));
            String contract = p.instrument().replace('-', '_');
            BigDecimal venue = p.venue().equals(MexcSpotApi.VENUE)
                    ? mexc.exchange().balances().getOrDefault(base, BigDecimal.ZERO)
                    : gate.exchange().positions().getOrDefault(contract, BigDecimal.ZERO).multiply(new BigDecimal(GATE_MULTIPLIER.get(contract)));
            assertThat(venue).as(p.venue() + " " + p.instrument()).isEqualByComparingTo(p.netQty());
        }
    }

    /** rdn as in the demo, on MEXC spot and Gate.io futures. */
    private static StrategyConfig config() {
        String yaml = EngineConfigs.demoYaml().replace("synth-spot", MexcSpotApi.VENUE).replace("synth-futures", GateFuturesApi.VENUE);
        return new StrategyConfigLoader(StrategyRegistry.load().all()).parse(yaml, "e2e", ConfigOverrides.none());
    }

    private static void publishTicks(EmbeddedKafka kafka) {
        List<BookTicker> ticks = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT.withSeed(7L), TICKS);
        var p = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.bookTicker())) {
            for (BookTicker t : ticks) {
                String venue = t.getVenue().equals(SyntheticMarket.SPOT) ? MexcSpotApi.VENUE : GateFuturesApi.VENUE;
                BookTicker v = BookTicker.newBuilder(t).setVenue(venue).build();
                producer.send(new ProducerRecord<>("ticks", null, v.getReceiveTsUs() / 1000, v.getInstrument(), v));
            }
            producer.flush();
        }
    }

    /** Books around each instrument's starting price, deep enough that every leg fills. */
    private static SimExchange spot() {
        SimExchange x = new SimExchange(false, false, new BigDecimal("0.0005"), new BigDecimal("0.5"));
        for (var i : SyntheticMarket.DEFAULT_INSTRUMENTS) {
            x.list(market(i.instrument().replace("-", ""), i.instrument(), i.startPrice(), BigDecimal.ONE, "1000000", new BigDecimal("0.000001"),
                    new BigDecimal("5")));
        }
        x.setBalance("USDT", "1000000000");
        return x;
    }

    private static SimExchange futures() {
        SimExchange x = new SimExchange(true, false, new BigDecimal("0.0005"), new BigDecimal("0.5"));
        for (var i : SyntheticMarket.DEFAULT_INSTRUMENTS) {
            String contract = i.instrument().replace('-', '_');
            x.list(market(contract, i.instrument(), i.startPrice(), new BigDecimal(GATE_MULTIPLIER.get(contract)), "100000000", BigDecimal.ONE,
                    BigDecimal.ZERO));
        }
        x.setBalance("USDT", "1000000000");
        return x;
    }

    private static SimExchange.Market market(String symbol, String instrument, double price, BigDecimal contractSize, String depth,
                                              BigDecimal step, BigDecimal minNotional) {
        BigDecimal p = BigDecimal.valueOf(price);
        return new SimExchange.Market(symbol, instrument.substring(0, instrument.indexOf('-')), "USDT",
                List.of(new SimExchange.Level(p.multiply(new BigDecimal("0.9995")), new BigDecimal(depth))),
                List.of(new SimExchange.Level(p.multiply(new BigDecimal("1.0005")), new BigDecimal(depth))),
                contractSize, new BigDecimal("0.01"), step, step, minNotional);
    }

    /** {@code spreadflow execution ...} in a JVM of its own, so that it can be killed; returns once it listens. */
    private Process startService(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), "io.spreadflow.cli.SpreadflowCli"));
        cmd.addAll(args);
        Path log = dir.resolve("service-" + (++starts) + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            String out = Files.exists(log) ? Files.readString(log) : "";
            assertThat(out).as("the service trades").doesNotContain("TRADING REFUSED");
            if (out.contains("EXECUTION READY")) return p;
            if (!p.isAlive() || System.nanoTime() > deadline) throw new AssertionError("service did not start:\n" + out);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private int starts;

    /** What the running service says of each intent the job sent (the ledger is its process's to open). */
    private static String intentsSeenByService(EmbeddedKafka kafka, int port) {
        StringBuilder b = new StringBuilder();
        var http = java.net.http.HttpClient.newHttpClient();
        Set<String> ids = intentIds(kafka);
        b.append(ids.size()).append(" intents, the first 20:\n");
        for (String id : ids.stream().limit(20).toList()) {
            try {
                var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v1/intents/"
                        + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8))).header("Authorization", "Bearer e2e-token").build();
                b.append(id).append(": ").append(http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body()).append('\n');
            } catch (Exception e) {
                b.append(id).append(": ").append(e).append('\n');
            }
        }
        return b.toString();
    }

    /** The last lines the service printed, for a failure message. */
    private String serviceLog() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("service-" + starts + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "no service log: " + e;
        }
    }

    private static long lastOrders = -1;
    private static long quietSince;

    /** The job consumed every tick and report, and no venue order arrived for 5 s. */
    private static boolean quiet(EmbeddedKafka kafka, VenueSimulator mexc, VenueSimulator gate) {
        long orders = mexc.exchange().orders().size() + gate.exchange().orders().size();
        long now = System.nanoTime();
        if (orders != lastOrders) {
            lastOrders = orders;
            quietSince = now;
            return false;
        }
        return now - quietSince > Duration.ofSeconds(5).toNanos() && lag(kafka, "job-e2e", "ticks") == 0
                && lag(kafka, "job-e2e-executions", "executions") == 0;
    }

    private static long lag(EmbeddedKafka kafka, String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var p : admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()) {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + group + " on " + topic, e);
        }
    }

    private static Set<String> intentIds(EmbeddedKafka kafka) {
        var p = Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), AvroSerde.orderIntent())) {
            List<TopicPartition> parts = consumer.partitionsFor("order-intents").stream()
                    .map(i -> new TopicPartition("order-intents", i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            Set<String> ids = new TreeSet<>();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], OrderIntent> rec : consumer.poll(Duration.ofMillis(200))) ids.add(rec.value().getIntentId());
            }
            return ids;
        }
    }

    private static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> progress) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": not within " + DEADLINE + "; " + progress.get());
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static String status(LocalFlinkCluster flink, JobID job, VenueSimulator mexc, VenueSimulator gate) {
        String s;
        try {
            s = flink.status(job) + (flink.status(job).isGloballyTerminalState() ? ": " + flink.failure(job) : "");
        } catch (Exception e) {
            s = "unknown (" + e + ")";
        }
        return "job " + s + ", mexc orders " + mexc.exchange().orders().size() + ", gate orders " + gate.exchange().orders().size();
    }
}

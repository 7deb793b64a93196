package io.spreadflow.job.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the order-intent sink sends, in a real job over real HTTP: an intent decided while nothing is out goes at
 * once, not after the buffer time; intents decided while a request is out go together with its answer. The
 * intake here records each request and holds the first one until the job has decided the next intents.
 */
class SendWhenIdleITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    /** Far longer than the test may take: an intent that waited for the flush timer would fail it. */
    private static final long BUFFER_MS = 120_000;
    private static final int QUEUED = 5;

    /** The intent ids of each request, in arrival order. */
    static final List<List<String>> REQUESTS = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch firstRequestHeld;
    static volatile CountDownLatch releaseFirstRequest;

    private HttpServer intake;

    @BeforeEach
    void startIntake() throws IOException {
        REQUESTS.clear();
        firstRequestHeld = new CountDownLatch(1);
        releaseFirstRequest = new CountDownLatch(1);
        intake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        intake.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        intake.createContext("/v1/intents", exchange -> {
            JsonNode body = new ObjectMapper().readTree(exchange.getRequestBody());
            List<String> ids = new ArrayList<>();
            for (JsonNode intent : body) ids.add(intent.path("intentId").asText());
            REQUESTS.add(ids);
            if (REQUESTS.size() == 1) {
                firstRequestHeld.countDown();
                try {
                    releaseFirstRequest.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] answer = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        intake.start();
    }

    @AfterEach
    void stopIntake() {
        intake.stop(0);
    }

    @Test
    void anIntentGoesAtOnceWhileIdleAndTheOnesQueuedBehindARequestGoTogether() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.setParallelism(1);
        OrderIntentSinkSettings settings = OrderIntentSinkSettings.forService(
                URI.create("http://127.0.0.1:" + intake.getAddress().getPort()), "token").withBatching(100, 1, BUFFER_MS);
        env.fromSource(new NumberSequenceSource(0, QUEUED + 1), WatermarkStrategy.noWatermarks(), "decisions")
                .map(SendWhenIdleITCase::decide).returns(OrderIntent.class)
                .sinkTo(new OrderIntentSink(settings));
        env.execute("send when idle");

        assertThat(REQUESTS).as("requests").isNotEmpty();
        assertThat(REQUESTS.get(0)).as("the first request: the intent decided while nothing was out, alone").containsExactly(id(0));
        assertThat(REQUESTS.get(1)).as("the second request: the intents decided while the first was out, together and in order")
                .startsWith(ids(1, QUEUED).toArray(String[]::new));
        assertThat(REQUESTS.stream().flatMap(List::stream).toList()).as("every intent once, in order").containsExactlyElementsOf(ids(0, QUEUED + 1));
    }

    /**
     * The job's decisions: intent 0, then (once the intake holds the request with intent 0, which the flush timer
     * would send only after {@link #BUFFER_MS}) intents 1 to {@link #QUEUED}; deciding the last one releases that request.
     */
    private static OrderIntent decide(Long n) throws InterruptedException {
        if (n == 1 && !firstRequestHeld.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("intent 0 was not sent within 60 s of being decided");
        }
        if (n == QUEUED + 1) releaseFirstRequest.countDown();
        return OrderIntent.newBuilder()
                .setIntentId(id(n)).setInstrument("BTC-USDT").setStrategyId("rdn").setSequence(n).setPurpose(IntentPurpose.OTHER)
                .setLegs(List.of(OrderLeg.newBuilder().setVenue("binance-spot").setSide(Side.BUY).setQuantity(0.01).setLimitPrice(100.0).build()))
                .setEventTsUs(1_000_000L + n).setReason("test").build();
    }

    private static String id(long n) {
        return "BTC-USDT|rdn|" + n;
    }

    private static List<String> ids(long from, long to) {
        List<String> l = new ArrayList<>();
        for (long n = from; n <= to; n++) l.add(id(n));
        return l;
    }
}

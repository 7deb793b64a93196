package io.spreadflow.execution.reconcile;

import io.spreadflow.execution.ExecutionService;
import io.spreadflow.execution.ExecutionSettings;
import io.spreadflow.execution.IntentResult;
import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.ledger.PositionRow;
import io.spreadflow.execution.venue.ApiCredentials;
import io.spreadflow.execution.venue.LegOrder;
import io.spreadflow.execution.venue.LiveTrading;
import io.spreadflow.execution.venue.LiveVenue;
import io.spreadflow.execution.venue.LiveVenues;
import io.spreadflow.execution.venue.MexcSpotApi;
import io.spreadflow.execution.venue.VenueApi;
import io.spreadflow.execution.venue.GateFuturesApi;
import io.spreadflow.execution.venue.sim.BinanceFamilySim;
import io.spreadflow.execution.venue.sim.GateSim;
import io.spreadflow.execution.venue.sim.SimExchange;
import io.spreadflow.execution.venue.sim.VenueSimulator;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service trading rdn's two legs live — a MEXC spot buy and a Gate.io USDT futures short — against
 * the venue simulators: one venue order per leg, fills in the ledger's positions, a restart that
 * completes a RECEIVED intent by client id without a second order, and a restart that finds an order
 * and a position the ledger does not know and refuses to trade.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveReconciliationTest {

    private static final String KEY = "sim-api-key-0001";
    private static final String SECRET = "sim-secret-0123456789abcdef";
    private static final AtomicLong SEQ = new AtomicLong();

    private VenueSimulator mexc;
    private VenueSimulator gate;
    @TempDir
    Path dir;

    @BeforeAll
    void startVenues() {
        mexc = new VenueSimulator(spot(), new BinanceFamilySim(BinanceFamilySim.Variant.MEXC), KEY, SECRET);
        gate = new VenueSimulator(futures(), new GateSim(true), KEY, SECRET);
    }

    @AfterAll
    void stopVenues() {
        mexc.close();
        gate.close();
    }

    @BeforeEach
    void freshAccounts() {
        mexc.reset(spot());
        gate.reset(futures());
    }

    private static SimExchange spot() {
        SimExchange x = new SimExchange(false, false, new BigDecimal("0.001"), new BigDecimal("0.10"));
        x.list(new SimExchange.Market("BTCUSDT", "BTC", "USDT", List.of(SimExchange.Level.of("99.9", "1")),
                List.of(SimExchange.Level.of("100.0", "1")), BigDecimal.ONE, new BigDecimal("0.1"), new BigDecimal("0.001"),
                new BigDecimal("0.001"), new BigDecimal("5")));
        x.setBalance("USDT", "100000");
        return x;
    }

    private static SimExchange futures() {
        SimExchange x = new SimExchange(true, false, new BigDecimal("0.0005"), new BigDecimal("0.10"));
        x.list(new SimExchange.Market("BTC_USDT", "BTC", "USDT", List.of(SimExchange.Level.of("99.9", "100")),
                List.of(SimExchange.Level.of("100.0", "100")), new BigDecimal("0.01"), new BigDecimal("0.1"), BigDecimal.ONE,
                BigDecimal.ONE, BigDecimal.ZERO));
        x.setBalance("USDT", "100000");
        return x;
    }

    private LiveTrading live() {
        ApiCredentials c = new ApiCredentials(KEY, SECRET);
        return new LiveTrading(Map.of(
                MexcSpotApi.VENUE, new LiveTrading.Venue(MexcSpotApi.VENUE, mexc.baseUrl(), c),
                GateFuturesApi.VENUE, new LiveTrading.Venue(GateFuturesApi.VENUE, gate.baseUrl(), c)),
                true, false, Duration.ofSeconds(2), Duration.ofMillis(300));
    }

    private ExecutionSettings settings() {
        return ExecutionSettings.DEFAULT.withoutKafka().withPort(0).withDataDir(dir).withApiToken("test-token");
    }

    /** rdn's entry: buy 0.5 BTC on MEXC spot, short 0.5 BTC (50 contracts) on Gate.io futures. */
    private static OrderIntent entry() {
        return OrderIntent.newBuilder().setIntentId("BTC-USDT:rdn:" + SEQ.incrementAndGet()).setInstrument("BTC-USDT").setStrategyId("rdn")
                .setSequence(SEQ.get()).setPurpose(IntentPurpose.ENTRY)
                .setLegs(List.of(
                        OrderLeg.newBuilder().setVenue(MexcSpotApi.VENUE).setSide(Side.BUY).setQuantity(0.5).setLimitPrice(100.1).build(),
                        OrderLeg.newBuilder().setVenue(GateFuturesApi.VENUE).setSide(Side.SELL).setQuantity(0.5).setLimitPrice(99.8).build()))
                .setEventTsUs(1_000L).setReason("SPREAD_ENTRY").build();
    }

    private static BigDecimal position(IntentLedger ledger, String venue) {
        return ledger.positions().stream().filter(p -> p.venue().equals(venue)).map(PositionRow::netQty).findFirst().orElse(BigDecimal.ZERO);
    }

    @Test
    void eachLegBecomesOneVenueOrderAndItsFillReachesThePositions() throws Exception {
        try (ExecutionService s = ExecutionService.start(settings(), live())) {
            IntentResult r = s.desk().submit(entry());
            assertThat(r.status()).as(String.valueOf(r.reason())).isEqualTo("FILLED");
            assertThat(mexc.exchange().orders()).hasSize(1);
            assertThat(gate.exchange().orders()).hasSize(1);
            assertThat(position(s.ledger(), MexcSpotApi.VENUE)).isEqualByComparingTo("0.5");
            assertThat(position(s.ledger(), GateFuturesApi.VENUE)).isEqualByComparingTo("-0.5");
            assertThat(gate.exchange().positions().get("BTC_USDT")).isEqualByComparingTo("-50");
        }
        // a restart finds the venues as the ledger left them
        try (ExecutionService s = ExecutionService.start(settings(), live())) {
            assertThat(s.desk().tradingRefused()).isNull();
        }
    }

    @Test
    void aRestartCompletesAnIntentLeftReceivedWithoutASecondOrder() throws Exception {
        OrderIntent i = entry();
        // the previous run recorded the intent and MEXC accepted its first leg, then the process died
        try (IntentLedger ledger = IntentLedger.open(settings().effectiveDbUrl(), null, null)) {
            assertThat(ledger.insertReceived(i, IntentCodec.fingerprint(i), new BigDecimal("100"), true)).isTrue();
        }
        VenueApi api = LiveVenues.api(live().venues().get(MexcSpotApi.VENUE), Duration.ofSeconds(2), false, Clock.systemUTC());
        api.place(new LegOrder(api.clientId(i, 0), "BTCUSDT", Side.BUY, new BigDecimal("0.5"), new BigDecimal("100.1"), false));
        assertThat(mexc.exchange().orders()).hasSize(1);

        try (ExecutionService s = ExecutionService.start(settings(), live())) {
            assertThat(s.desk().tradingRefused()).isNull();
            assertThat(s.ledger().find(i.getIntentId()).orElseThrow().status()).isEqualTo("FILLED");
            assertThat(mexc.exchange().orders()).hasSize(1);
            assertThat(gate.exchange().orders()).hasSize(1);
            assertThat(mexc.exchange().requests().stream().filter(q -> q.startsWith("POST")).count()).isEqualTo(1);
            assertThat(position(s.ledger(), MexcSpotApi.VENUE)).isEqualByComparingTo("0.5");
        }
    }

    @Test
    void anOrderAndAPositionTheLedgerDoesNotKnowAreReportedAndTradingIsRefused() throws Exception {
        try (ExecutionService s = ExecutionService.start(settings(), live())) {
            assertThat(s.desk().submit(entry()).status()).isEqualTo("FILLED");
        }
        // someone trades by hand while the service is down
        mexc.exchange().restNextOrder();
        mexc.exchange().place("manual-1", "BTCUSDT", true, BigDecimal.ONE, new BigDecimal("99.0"), false);
        gate.exchange().setPosition("BTC_USDT", "-57");

        try (IntentLedger ledger = IntentLedger.open(settings().effectiveDbUrl(), null, null)) {
            Map<String, LiveVenue> venues = LiveVenues.adapters(live(), (x, l) -> null, Clock.systemUTC());
            ReconcileReport report = new Reconciler(ledger, venues).compare(List.of());
            assertThat(report.clean()).isFalse();
            assertThat(report.mismatches()).extracting(ReconcileReport.Line::subject)
                    .containsExactlyInAnyOrder("open order manual-1 on BTCUSDT", "position BTC_USDT");
            assertThat(report.table()).contains("ledger -0.5, venue -0.57").contains("NOT reconciled: 2 mismatch(es)");
        }
        int mexcOrders = mexc.exchange().orders().size();
        try (ExecutionService s = ExecutionService.start(settings(), live())) {
            assertThat(s.desk().tradingRefused()).contains("2 mismatch(es)");
            IntentResult r = s.desk().submit(entry());
            assertThat(r.status()).isEqualTo("REJECTED");
            assertThat(r.reason()).contains("reconciliation");
            assertThat(mexc.exchange().orders()).hasSize(mexcOrders);
            assertThat(gate.exchange().orders()).hasSize(1);
        }
    }
}

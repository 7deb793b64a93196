package io.spreadflow.execution.venue;

import io.spreadflow.execution.venue.sim.SimExchange;
import io.spreadflow.execution.venue.sim.VenueSimulator;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * One venue adapter against its simulator, started once per test class: the same scenarios for every
 * venue (as {@code IntentLedgerContract} does for the ledgers). The book is BTC/USDT with 1 BTC at
 * 100.0 and 1 BTC at 100.1 on the ask, 1 BTC at 99.9 and 99.8 on the bid; taker fee 0.1 %; a limit
 * more than 10 % from the mid is out of the venue's band.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LiveVenueContract {

    static final String KEY = "sim-api-key-0001";
    static final String SECRET = "sim-secret-0123456789abcdef";
    static final String INSTRUMENT = "BTC-USDT";
    private static final AtomicLong SEQ = new AtomicLong();

    VenueSimulator sim;

    /** The venue's name in intents. */
    abstract String venue();

    abstract VenueSimulator.Dialect dialect();

    abstract VenueApi api(VenueHttp http, ApiCredentials credentials);

    /** The venue's symbol of BTC-USDT. */
    abstract String symbol();

    /** Venue units per BTC: 1, or contracts per BTC on Gate.io futures. */
    BigDecimal unitsPerBtc() {
        return BigDecimal.ONE;
    }

    boolean futures() {
        return false;
    }

    boolean feeInBaseOnBuys() {
        return false;
    }

    /** The rejection reasons this venue's error codes map to, each exercised below. */
    abstract Set<RejectReason> mappedErrors();

    @BeforeAll
    void startSimulator() {
        sim = new VenueSimulator(freshExchange(), dialect(), KEY, SECRET);
    }

    @AfterAll
    void stopSimulator() {
        sim.close();
    }

    @BeforeEach
    void freshAccount() {
        sim.reset(freshExchange());
    }

    SimExchange freshExchange() {
        SimExchange x = new SimExchange(futures(), feeInBaseOnBuys(), new BigDecimal("0.001"), new BigDecimal("0.10"));
        BigDecimal u = unitsPerBtc();
        x.list(new SimExchange.Market(symbol(), "BTC", "USDT",
                List.of(level("99.9", u), level("99.8", u)), List.of(level("100.0", u), level("100.1", u)),
                BigDecimal.ONE.divide(u), new BigDecimal("0.1"), futures() && u.compareTo(BigDecimal.ONE) > 0 ? BigDecimal.ONE
                : new BigDecimal("0.001"), futures() && u.compareTo(BigDecimal.ONE) > 0 ? BigDecimal.ONE : new BigDecimal("0.001"),
                futures() && u.compareTo(BigDecimal.ONE) > 0 ? BigDecimal.ZERO : new BigDecimal("5")));
        x.setBalance("USDT", "100000");
        if (!futures()) x.setBalance("BTC", "10");
        return x;
    }

    private static SimExchange.Level level(String price, BigDecimal qty) {
        return new SimExchange.Level(new BigDecimal(price), qty);
    }

    VenueApi api(Duration timeout) {
        VenueHttp http = new VenueHttp(venue(), sim.baseUrl(), timeout, new RateBudget(venue(), 1000, Duration.ofSeconds(1)), false);
        return api(http, new ApiCredentials(KEY, SECRET));
    }

    LiveVenue live(Duration timeout) {
        return new LiveVenue(api(timeout), (i, l) -> null, Duration.ofMillis(300));
    }

    LiveVenue live() {
        return live(Duration.ofSeconds(5));
    }

    static OrderIntent intent(String venue, Side side, double qty, Double limit, boolean reduceOnly) {
        return OrderIntent.newBuilder().setIntentId(INSTRUMENT + ":rdn:" + SEQ.incrementAndGet()).setInstrument(INSTRUMENT)
                .setStrategyId("rdn").setSequence(SEQ.get()).setPurpose(reduceOnly ? IntentPurpose.EXIT : IntentPurpose.ENTRY)
                .setLegs(List.of(OrderLeg.newBuilder().setVenue(venue).setSide(side).setQuantity(qty).setLimitPrice(limit)
                        .setReduceOnly(reduceOnly).build()))
                .setEventTsUs(1_000L).setReason("test").build();
    }

    long orderPosts() {
        return sim.exchange().requests().stream().filter(r -> r.startsWith("POST ")).count();
    }

    @Test
    void aMarketSellFillsAtTheBidAndPaysTheFeeInQuote() {
        OrderIntent i = intent(venue(), Side.SELL, 0.5, null, false);
        ExecutionReport r = live().execute(i, 0);
        assertThat(r.getStatus()).as(r.getReason()).isEqualTo(ExecutionStatus.FILLED);
        assertThat(r.getFilledQty()).isCloseTo(0.5, within(1e-12));
        assertThat(r.getAvgPrice()).isCloseTo(99.9, within(1e-9));
        assertThat(r.getFee()).isCloseTo(0.5 * 99.9 * 0.001, within(1e-9));
        assertThat(r.getFeeCurrency()).isEqualTo("USDT");
        assertThat(sim.exchange().orders()).hasSize(1);
        assertThat(sim.exchange().orders().get(0).clientId).isEqualTo(api(Duration.ofSeconds(1)).clientId(i, 0));
    }

    @Test
    void aLimitBuyLargerThanTheBookFillsPartlyAndTheRestIsCanceled() {
        ExecutionReport r = live().execute(intent(venue(), Side.BUY, 3.0, 100.1, false), 0);
        assertThat(r.getStatus()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(r.getFilledQty()).isCloseTo(2.0, within(1e-12));
        assertThat(r.getAvgPrice()).isCloseTo(100.05, within(1e-9));
        // 0.1 % of 200.1 USDT, charged in BTC where the venue does so and converted at the fill price
        assertThat(r.getFee()).isCloseTo(0.2001, within(1e-9));
        assertThat(r.getFeeCurrency()).isEqualTo("USDT");
        assertThat(r.getReason()).contains(venue());
    }

    @Test
    void anOrderIsFoundByItsClientIdAndAnUnknownIdIsNot() throws Exception {
        VenueApi api = api(Duration.ofSeconds(5));
        OrderIntent i = intent(venue(), Side.SELL, 1.0, null, false);
        live().execute(i, 0);
        VenueOrder o = api.query(symbol(), api.clientId(i, 0)).orElseThrow();
        assertThat(o.state()).isEqualTo(VenueOrder.State.FILLED);
        assertThat(o.filledQty()).isEqualByComparingTo(unitsPerBtc());
        assertThat(api.query(symbol(), api.clientId(intent(venue(), Side.SELL, 1.0, null, false), 0))).isEmpty();
    }

    @Test
    void anOpenOrderIsListedAndCanceled() throws Exception {
        VenueApi api = api(Duration.ofSeconds(5));
        sim.exchange().restNextOrder();
        LegOrder leg = new LegOrder(venue().startsWith("gate") ? "t-rest-1" : "rest-1", symbol(), Side.BUY,
                unitsPerBtc(), new BigDecimal("99.0"), false);
        VenueOrder placed = api.place(leg);
        assertThat(placed.state()).isEqualTo(VenueOrder.State.OPEN);
        assertThat(api.openOrders(symbol())).extracting(VenueOrder::clientId).containsExactly(leg.clientId());
        VenueOrder canceled = api.cancel(symbol(), leg.clientId());
        assertThat(canceled.state()).isEqualTo(VenueOrder.State.CANCELED);
        assertThat(api.openOrders(symbol())).isEmpty();
    }

    @Test
    void anOrderStillOpenAfterTheFillWaitIsCanceledByTheAdapter() {
        sim.exchange().restNextOrder();
        ExecutionReport r = live().execute(intent(venue(), Side.BUY, 1.0, 99.0, false), 0);
        assertThat(r.getStatus()).isEqualTo(ExecutionStatus.CANCELED);
        assertThat(r.getFilledQty()).isZero();
        assertThat(sim.exchange().requests()).anyMatch(q -> q.startsWith("DELETE "));
        assertThat(sim.exchange().orders().get(0).status).isEqualTo("CANCELED");
    }

    @Test
    void insufficientBalanceIsARejectionWithItsReason() {
        SimExchange x = sim.exchange();
        x.setBalance("USDT", "0");
        ExecutionReport r = live().execute(intent(venue(), Side.BUY, 1.0, 100.1, false), 0);
        assertThat(r.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(r.getReason()).startsWith(RejectReason.INSUFFICIENT_BALANCE.code());
        assertThat(x.orders()).isEmpty();
    }

    @Test
    void anUnlistedSymbolIsRejectedAsInvalid() {
        OrderIntent i = intent(venue(), Side.BUY, 1.0, 100.0, false);
        i.setInstrument("XYZ-USDT");
        ExecutionReport r = live().execute(i, 0);
        assertThat(r.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(r.getReason()).contains(RejectReason.INVALID_SYMBOL.code());
        assertThat(orderPosts()).isZero();
    }

    @Test
    void aLimitOutsideThePriceBandIsRejectedAsOutOfBand() {
        ExecutionReport r = live().execute(intent(venue(), Side.BUY, 1.0, 150.0, false), 0);
        assertThat(r.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
        RejectReason expected = mappedErrors().contains(RejectReason.PRICE_OUT_OF_BAND) ? RejectReason.PRICE_OUT_OF_BAND : RejectReason.OTHER;
        assertThat(r.getReason()).startsWith(expected.code());
    }

    @Test
    void aReduceOnlyLegThatWouldOpenAPositionIsRejectedOnFuturesAndPlainOnSpot() {
        ExecutionReport r = live().execute(intent(venue(), Side.SELL, 1.0, null, true), 0);
        if (futures()) {
            assertThat(r.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
            assertThat(r.getReason()).startsWith(RejectReason.REDUCE_ONLY_WOULD_INCREASE.code());
            assertThat(sim.exchange().positions().getOrDefault(symbol(), BigDecimal.ZERO)).isZero();
        } else {
            // rdn marks both exit legs reduce-only; spot has no such order flag, the sell goes out as it is
            assertThat(r.getStatus()).as(r.getReason()).isEqualTo(ExecutionStatus.FILLED);
            assertThat(sim.exchange().orders()).hasSize(1);
        }
    }

    @Test
    void aTimeoutAfterTheVenueAcceptedIsResolvedByClientIdWithoutASecondOrder() {
        sim.answerNextOrderAfter(1_500);
        ExecutionReport r = live(Duration.ofMillis(400)).execute(intent(venue(), Side.SELL, 1.0, null, false), 0);
        assertThat(r.getStatus()).as(r.getReason()).isEqualTo(ExecutionStatus.FILLED);
        assertThat(r.getFilledQty()).isCloseTo(1.0, within(1e-12));
        assertThat(sim.exchange().orders()).hasSize(1);
        assertThat(orderPosts()).isEqualTo(1);
    }

    @Test
    void resumingALegTheVenueAlreadyHasLooksItUpInsteadOfPlacingIt() {
        OrderIntent i = intent(venue(), Side.SELL, 1.0, null, false);
        live().execute(i, 0);
        ExecutionReport again = live().resume(i, 0);
        assertThat(again.getStatus()).isEqualTo(ExecutionStatus.FILLED);
        assertThat(sim.exchange().orders()).hasSize(1);
        assertThat(orderPosts()).isEqualTo(1);
        // a leg the venue never saw is placed on resume
        assertThat(live().resume(intent(venue(), Side.SELL, 1.0, null, false), 0).getStatus()).isEqualTo(ExecutionStatus.FILLED);
        assertThat(sim.exchange().orders()).hasSize(2);
    }

    @Test
    void a429IsWaitedOutAsTheVenueAsksAndTheOrderPlacedOnce() {
        LiveVenue venue = live();
        venue.execute(intent(venue(), Side.SELL, 0.1, null, false), 0); // loads the rules first
        sim.rateLimitNext(1, 429, 1);
        long t0 = System.nanoTime();
        ExecutionReport r = venue.execute(intent(venue(), Side.SELL, 0.1, null, false), 0);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.getStatus()).as(r.getReason()).isEqualTo(ExecutionStatus.FILLED);
        assertThat(ms).isGreaterThanOrEqualTo(1_000);
        assertThat(sim.exchange().orders()).hasSize(2);
        assertThat(orderPosts()).isEqualTo(3); // the rate-limited attempt is answered 429 and not processed
    }

    @Test
    void a418WithALongBanIsRefusedAtOnceAndNothingIsPlaced() {
        LiveVenue venue = live();
        venue.execute(intent(venue(), Side.SELL, 0.1, null, false), 0);
        sim.rateLimitNext(5, 418, 120);
        long t0 = System.nanoTime();
        ExecutionReport r = venue.execute(intent(venue(), Side.SELL, 0.1, null, false), 0);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        assertThat(r.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(r.getReason()).startsWith(RejectReason.RATE_LIMITED.code());
        assertThat(sim.exchange().orders()).hasSize(1);
    }

    @Test
    void aLegBelowTheMinimumIsRefusedBeforeAnythingIsSent() {
        double tooSmall = unitsPerBtc().compareTo(BigDecimal.ONE) > 0 ? 0.5 / unitsPerBtc().doubleValue() : 0.0004;
        ExecutionReport r = live().execute(intent(venue(), Side.BUY, tooSmall, 100.0, false), 0);
        assertThat(r.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(r.getReason()).startsWith(RejectReason.SYMBOL_RULES.code()).contains("nothing sent");
        assertThat(orderPosts()).isZero();
    }

    @Test
    void quantityAndPriceAreRoundedTheSafeWayBeforeSending() {
        // a buy limit of 100.07 goes out as 100.0 (never pay more), 0.12345 BTC as 0.123 (never buy more)
        ExecutionReport r = live().execute(intent(venue(), Side.BUY, 0.12345, 100.07, false), 0);
        SimExchange.Order sent = sim.exchange().orders().get(0);
        assertThat(sent.price).isEqualByComparingTo("100.0");
        BigDecimal expectedUnits = unitsPerBtc().compareTo(BigDecimal.ONE) > 0 ? new BigDecimal("12") : new BigDecimal("0.123");
        assertThat(sent.qty).isEqualByComparingTo(expectedUnits);
        assertThat(r.getFilledQty()).isCloseTo(unitsPerBtc().compareTo(BigDecimal.ONE) > 0 ? 0.12 : 0.123, within(1e-12));
        // a sell limit rounds up
        live().execute(intent(venue(), Side.SELL, 0.5, 99.83, false), 0);
        assertThat(sim.exchange().orders().get(1).price).isEqualByComparingTo("99.9");
    }

    @Test
    void holdingsShowTheFills() throws Exception {
        VenueApi api = api(Duration.ofSeconds(5));
        live().execute(intent(venue(), Side.SELL, 1.0, null, false), 0);
        Holdings h = api.holdings();
        if (futures()) {
            assertThat(h.position(symbol())).isEqualByComparingTo("-1");
        } else {
            assertThat(h.balance("BTC")).isEqualByComparingTo("9");
            assertThat(h.balance("USDT")).isEqualByComparingTo(new BigDecimal("100000").add(new BigDecimal("99.9"))
                    .subtract(new BigDecimal("0.0999")));
        }
    }

    @Test
    void everyMappedErrorIsExercised() {
        assertThat(Set.of(RejectReason.INSUFFICIENT_BALANCE, RejectReason.INVALID_SYMBOL, RejectReason.PRICE_OUT_OF_BAND,
                RejectReason.REDUCE_ONLY_WOULD_INCREASE)).containsAll(mappedErrors().stream()
                .filter(e -> e != RejectReason.SYMBOL_RULES && e != RejectReason.AUTHENTICATION).toList());
    }

    @Test
    void aWrongSecretIsRefusedByTheVenueAsAuthentication() {
        VenueHttp http = new VenueHttp(venue(), sim.baseUrl(), Duration.ofSeconds(5), new RateBudget(venue(), 100, Duration.ofSeconds(1)), false);
        LiveVenue wrong = new LiveVenue(api(http, new ApiCredentials(KEY, "not-the-secret")), (i, l) -> null, Duration.ofMillis(300));
        ExecutionReport r = wrong.execute(intent(venue(), Side.SELL, 0.5, null, false), 0);
        assertThat(r.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(r.getReason()).startsWith(RejectReason.AUTHENTICATION.code());
        assertThat(sim.exchange().orders()).isEmpty();
    }

    @Test
    void aDryRunSendsOnlyPublicRequestsAndReportsWhatItWouldHaveDone() {
        VenueHttp http = new VenueHttp(venue(), sim.baseUrl(), Duration.ofSeconds(5), new RateBudget(venue(), 100, Duration.ofSeconds(1)), true);
        LiveVenue dry = new LiveVenue(api(http, new ApiCredentials(KEY, SECRET)), (i, l) -> null, Duration.ofMillis(300));
        ExecutionReport r = dry.execute(intent(venue(), Side.SELL, 0.5, null, false), 0);
        assertThat(r.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(r.getReason()).startsWith(RejectReason.DRY_RUN.code()).contains("signed and logged, not sent");
        assertThat(sim.exchange().requests()).isNotEmpty().allMatch(q -> q.startsWith("GET ")); // the symbol rules only
        assertThat(sim.exchange().orders()).isEmpty();
        assertThat(VenueHttp.masked(java.util.Map.of("X-MBX-APIKEY", KEY, "KEY", KEY, "SIGN", "abc")))
                .containsEntry("X-MBX-APIKEY", "sim-…").containsEntry("KEY", "sim-…").containsEntry("SIGN", "abc");
    }

    static Clock clock() {
        return Clock.systemUTC();
    }
}

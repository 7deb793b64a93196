package io.spreadflow.execution.ledger;

import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.testing.Intents;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.OrderIntent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every ledger database must show; run against the embedded database and PostgreSQL.
 */
abstract class IntentLedgerContract {

    /** A JDBC URL of an empty database, and its user and password. */
    protected abstract String[] freshDatabase() throws Exception;

    private String[] db;
    private IntentLedger ledger;

    @BeforeEach
    void open() throws Exception {
        db = freshDatabase();
        ledger = IntentLedger.open(db[0], db[1], db[2]);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void storesAnIntentUnderItsIdAndGivesItBack() {
        OrderIntent i = Intents.entry("BTC-USDT", 1, 0.5, 1_000, 1L);
        assertThat(ledger.insertReceived(i, IntentCodec.fingerprint(i), new BigDecimal("100.5"), true)).isTrue();
        LedgerEntry e = ledger.find(i.getIntentId()).orElseThrow();
        assertThat(e.intent()).isEqualTo(i);
        assertThat(e.fingerprint()).isEqualTo(IntentCodec.fingerprint(i));
        assertThat(e.status()).isEqualTo(LedgerEntry.RECEIVED);
        assertThat(e.done()).isFalse();
        assertThat(ledger.find("nope")).isEmpty();
    }

    @Test
    void theFirstIntentsOfTwoRunsAreTwoIntentsEachRecordedWithItsRunEpoch() {
        // a job started without its state sends sequence 1 again, in a new epoch
        OrderIntent first = OrderIntent.newBuilder(Intents.entry("BTC-USDT", 1, 0.5, 1_000, 1L))
                .setIntentId(io.spreadflow.engine.signal.IntentId.format("BTC-USDT", "rdn", 1_796_443_200L, 1)).build();
        OrderIntent again = OrderIntent.newBuilder(Intents.entry("BTC-USDT", 1, 0.5, 9_000, 1L))
                .setIntentId(io.spreadflow.engine.signal.IntentId.format("BTC-USDT", "rdn", 1_796_529_600L, 1)).build();
        OrderIntent other = Intents.entry("ETH-USDT", 1, 0.5, 1_000, 1L);
        for (OrderIntent i : List.of(first, again, other)) {
            assertThat(ledger.insertReceived(i, IntentCodec.fingerprint(i), BigDecimal.ONE, true)).as(i.getIntentId()).isTrue();
        }
        assertThat(ledger.intentsByRunEpoch()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of(0L, 1L, 1_796_443_200L, 1L, 1_796_529_600L, 1L));
    }

    @Test
    void refusesASecondIntentWithTheSameIdAndChangesNothing() {
        OrderIntent i = Intents.entry("BTC-USDT", 1, 0.5, 1_000, 1L);
        ledger.insertReceived(i, IntentCodec.fingerprint(i), BigDecimal.TEN, true);
        LedgerCounts before = ledger.counts();
        OrderIntent other = Intents.entry("BTC-USDT", 1, 9.0, 2_000, 1L);
        assertThat(ledger.insertReceived(other, IntentCodec.fingerprint(other), BigDecimal.ONE, true)).isFalse();
        assertThat(ledger.insertRejected(other, IntentCodec.fingerprint(other), BigDecimal.ONE, "x", List.of())).isFalse();
        assertThat(ledger.counts()).isEqualTo(before);
        assertThat(ledger.find(i.getIntentId()).orElseThrow().intent()).isEqualTo(i);
    }

    @Test
    void concurrentInsertsOfOneIdLetExactlyOneThrough() throws Exception {
        OrderIntent i = Intents.entry("BTC-USDT", 7, 0.5, 1_000, 7L);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int k = 0; k < 8; k++) tasks.add(() -> ledger.insertReceived(i, IntentCodec.fingerprint(i), BigDecimal.ONE, true));
            int won = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) if (f.get()) won++;
            assertThat(won).isEqualTo(1);
            assertThat(ledger.counts().intents()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void completesAnIntentOnceAndOnlyOnce() {
        OrderIntent i = Intents.entry("BTC-USDT", 1, 0.5, 1_000, 1L);
        ledger.insertReceived(i, IntentCodec.fingerprint(i), BigDecimal.TEN, true);
        List<ExecutionReport> reports = Intents.filled(i, 100.0, 0.05);
        assertThat(ledger.complete(i, "FILLED", reports)).isTrue();
        assertThat(ledger.complete(i, "FILLED", reports)).isFalse();
        LedgerEntry e = ledger.find(i.getIntentId()).orElseThrow();
        assertThat(e.status()).isEqualTo("FILLED");
        assertThat(e.executions()).isEqualTo(1);
        assertThat(e.reports()).isEqualTo(reports);
        assertThat(ledger.counts()).isEqualTo(new LedgerCounts(1, 2, 1));
    }

    @Test
    void keepsRejectionsWithTheirReportsAndNoExecution() {
        OrderIntent i = Intents.entry("BTC-USDT", 3, 0.5, 1_000, 3L);
        List<ExecutionReport> rejected = new ArrayList<>();
        for (ExecutionReport r : Intents.filled(i, 1, 0)) {
            rejected.add(ExecutionReport.newBuilder(r).setStatus(ExecutionStatus.REJECTED).setFilledQty(0).setAvgPrice(null).setReason("kill switch").build());
        }
        assertThat(ledger.insertRejected(i, IntentCodec.fingerprint(i), BigDecimal.ONE, "kill switch", rejected)).isTrue();
        LedgerEntry e = ledger.find(i.getIntentId()).orElseThrow();
        assertThat(e.status()).isEqualTo("REJECTED");
        assertThat(e.reason()).isEqualTo("kill switch");
        assertThat(e.executions()).isZero();
        assertThat(e.reports()).isEqualTo(rejected);
        assertThat(ledger.openIntents()).isZero();
        assertThat(ledger.positions()).isEmpty();
    }

    @Test
    void anExitClosesTheEntryOfItsPositionOnly() {
        OrderIntent e1 = Intents.entry("BTC-USDT", 1, 1, 1_000, 1L);
        OrderIntent e2 = Intents.entry("BTC-USDT", 2, 1, 2_000, 2L);
        OrderIntent other = Intents.entry("ETH-USDT", 1, 1, 2_000, 1L);
        for (OrderIntent i : List.of(e1, e2, other)) {
            ledger.insertReceived(i, IntentCodec.fingerprint(i), new BigDecimal("200.25"), true);
            ledger.complete(i, "FILLED", Intents.filled(i, 100.0, 0.0));
        }
        assertThat(ledger.openIntents()).isEqualTo(3);
        assertThat(ledger.openNotional("BTC-USDT")).isEqualByComparingTo("400.5");
        OrderIntent x1 = Intents.exit("BTC-USDT", 3, 1, 3_000, 1L);
        ledger.insertReceived(x1, IntentCodec.fingerprint(x1), new BigDecimal("200"), false);
        ledger.complete(x1, "FILLED", Intents.filled(x1, 101.0, 0.0));
        assertThat(ledger.openIntents()).isEqualTo(2);
        assertThat(ledger.openNotional("BTC-USDT")).isEqualByComparingTo("200.25");
        assertThat(ledger.openNotional("ETH-USDT")).isEqualByComparingTo("200.25");
    }

    @Test
    void anEntryWithoutAnyFillHoldsNoExposure() {
        OrderIntent i = Intents.entry("BTC-USDT", 1, 1, 1_000, 1L);
        ledger.insertReceived(i, IntentCodec.fingerprint(i), new BigDecimal("200"), true);
        assertThat(ledger.openIntents()).isEqualTo(1);
        List<ExecutionReport> none = new ArrayList<>();
        for (ExecutionReport r : Intents.filled(i, 1, 0)) {
            none.add(ExecutionReport.newBuilder(r).setStatus(ExecutionStatus.CANCELED).setFilledQty(0).setAvgPrice(null).build());
        }
        ledger.complete(i, "CANCELED", none);
        assertThat(ledger.openIntents()).isZero();
    }

    @Test
    void positionsAddUpFillsInExactDecimals() {
        // 0.1 + 0.2 is 0.30000000000000004 in doubles; the ledger books 0.3
        OrderIntent a = Intents.entry("BTC-USDT", 1, 0.1, 1_000, 1L);
        OrderIntent b = Intents.entry("BTC-USDT", 2, 0.2, 2_000, 2L);
        OrderIntent c = Intents.exit("BTC-USDT", 3, 0.3, 3_000, null);
        for (OrderIntent i : List.of(a, b, c)) {
            ledger.insertReceived(i, IntentCodec.fingerprint(i), BigDecimal.ONE, i.getPurpose().name().equals("ENTRY"));
            ledger.complete(i, "FILLED", Intents.filled(i, 100.1, 0.01));
        }
        List<PositionRow> rows = ledger.positions();
        assertThat(rows).hasSize(2);
        PositionRow spot = rows.stream().filter(r -> r.venue().equals(Intents.SPOT)).findFirst().orElseThrow();
        assertThat(spot.boughtQty()).isEqualByComparingTo("0.3");
        assertThat(spot.soldQty()).isEqualByComparingTo("0.3");
        assertThat(spot.netQty()).isEqualByComparingTo("0");
        assertThat(spot.boughtQuote()).isEqualByComparingTo("30.03");
        assertThat(spot.fees()).isEqualByComparingTo("0.03");
        assertThat(spot.fills()).isEqualTo(3);
        PositionRow fut = rows.stream().filter(r -> r.venue().equals(Intents.FUT)).findFirst().orElseThrow();
        assertThat(fut.netQty()).isEqualByComparingTo("0");
        // the exit without a position id closed both entries of its strategy
        assertThat(ledger.openIntents()).isZero();
    }

    @Test
    void theOutboxHandsOutEachReportUntilMarkedPublished() {
        OrderIntent i = Intents.entry("BTC-USDT", 1, 1, 1_000, 1L);
        ledger.insertReceived(i, IntentCodec.fingerprint(i), BigDecimal.ONE, true);
        ledger.complete(i, "FILLED", Intents.filled(i, 100.0, 0.1));
        List<OutboxReport> out = ledger.unpublished(10);
        assertThat(out).extracting(o -> o.report().getLegIndex()).containsExactly(0, 1);
        ledger.markPublished(List.of(out.get(0).seq()));
        assertThat(ledger.unpublished(10)).extracting(OutboxReport::seq).containsExactly(out.get(1).seq());
        ledger.markPublished(List.of(out.get(1).seq()));
        assertThat(ledger.unpublished(10)).isEmpty();
    }

    @Test
    void pendingListsIntentsReceivedButNotCompleted() {
        OrderIntent a = Intents.entry("BTC-USDT", 1, 1, 1_000, 1L);
        OrderIntent b = Intents.entry("BTC-USDT", 2, 1, 2_000, 2L);
        ledger.insertReceived(a, IntentCodec.fingerprint(a), BigDecimal.ONE, true);
        ledger.insertReceived(b, IntentCodec.fingerprint(b), BigDecimal.ONE, true);
        ledger.complete(a, "FILLED", Intents.filled(a, 100, 0));
        assertThat(ledger.pending()).extracting(LedgerEntry::intent).containsExactly(b);
    }

    @Test
    void theKillSwitchAndTheRecordsSurviveAReopen() {
        OrderIntent i = Intents.entry("BTC-USDT", 1, 1, 1_000, 1L);
        ledger.insertReceived(i, IntentCodec.fingerprint(i), BigDecimal.ONE, true);
        assertThat(ledger.killSwitch()).isFalse();
        ledger.setKillSwitch(true);
        ledger.close();
        ledger = IntentLedger.open(db[0], db[1], db[2]);
        assertThat(ledger.killSwitch()).isTrue();
        assertThat(ledger.find(i.getIntentId())).isPresent();
        ledger.setKillSwitch(false);
        assertThat(ledger.killSwitch()).isFalse();
    }

    /** An intent of {@code strategy}: the test intents are rdn's, with ids unique per strategy. */
    private static OrderIntent of(String strategy, OrderIntent i) {
        return OrderIntent.newBuilder(i).setStrategyId(strategy).setIntentId(i.getIntentId().replace(":rdn:", ":" + strategy + ":")).build();
    }

    private static List<ExecutionReport> nothingFilled(OrderIntent i) {
        List<ExecutionReport> none = new ArrayList<>();
        for (ExecutionReport r : Intents.filled(i, 1, 0)) {
            none.add(ExecutionReport.newBuilder(r).setStatus(ExecutionStatus.CANCELED).setFilledQty(0).setAvgPrice(null).build());
        }
        return none;
    }

    /** COUNT(*) and SUM(notional) over the open intents, straight from the rows: what the aggregate must equal. */
    private java.util.Map<String, BigDecimal[]> openFromTheRows() throws Exception {
        java.util.Map<String, BigDecimal[]> out = new java.util.TreeMap<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db[0], db[1], db[2]);
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "SELECT instrument, COUNT(*), SUM(notional) FROM intents WHERE open_exposure = TRUE GROUP BY instrument");
             java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), new BigDecimal[] {BigDecimal.valueOf(rs.getLong(2)), rs.getBigDecimal(3)});
        }
        return out;
    }

    @Test
    void theRunningExposureEqualsTheSumOverTheIntentsAfterRandomTraffic() throws Exception {
        java.util.Random r = new java.util.Random(20261205);
        List<String> instruments = List.of("BTC-USDT", "ETH-USDT", "SOL-USDT");
        List<String> strategies = List.of("rdn", "svh");
        List<OrderIntent> received = new ArrayList<>();
        List<OrderIntent> entries = new ArrayList<>();
        long seq = 0;
        for (int step = 0; step < 250; step++) {
            String instrument = instruments.get(r.nextInt(instruments.size()));
            String strategy = strategies.get(r.nextInt(strategies.size()));
            BigDecimal notional = BigDecimal.valueOf(1 + r.nextInt(100_000), 2);
            seq++;
            long position = 1 + r.nextInt(12);
            switch (r.nextInt(7)) {
                case 0, 1 -> { // an entry that fills
                    OrderIntent e = of(strategy, Intents.entry(instrument, seq, 1, seq, position));
                    ledger.insertReceived(e, IntentCodec.fingerprint(e), notional, true);
                    ledger.complete(e, "FILLED", Intents.filled(e, 100, 0));
                    entries.add(e);
                }
                case 2 -> { // an entry that fills nothing
                    OrderIntent e = of(strategy, Intents.entry(instrument, seq, 1, seq, position));
                    ledger.insertReceived(e, IntentCodec.fingerprint(e), notional, true);
                    ledger.complete(e, "CANCELED", nothingFilled(e));
                }
                case 3 -> { // an entry still executing
                    OrderIntent e = of(strategy, Intents.entry(instrument, seq, 1, seq, position));
                    ledger.insertReceived(e, IntentCodec.fingerprint(e), notional, true);
                    received.add(e);
                }
                case 4 -> { // an executing entry completes, filled or not
                    if (received.isEmpty()) continue;
                    OrderIntent e = received.remove(r.nextInt(received.size()));
                    boolean fills = r.nextBoolean();
                    ledger.complete(e, fills ? "FILLED" : "CANCELED", fills ? Intents.filled(e, 100, 0) : nothingFilled(e));
                }
                case 5 -> { // an exit of one position, or of all the strategy's positions in the instrument
                    if (entries.isEmpty()) continue;
                    OrderIntent target = entries.get(r.nextInt(entries.size()));
                    Long id = r.nextInt(4) == 0 ? null : target.getPositionId();
                    OrderIntent x = of(target.getStrategyId(), Intents.exit(target.getInstrument(), seq, 1, seq, id));
                    ledger.insertReceived(x, IntentCodec.fingerprint(x), notional, false);
                    ledger.complete(x, "FILLED", Intents.filled(x, 100, 0));
                }
                default -> { // a refused entry
                    OrderIntent e = of(strategy, Intents.entry(instrument, seq, 1, seq, position));
                    ledger.insertRejected(e, IntentCodec.fingerprint(e), notional, "max_open_intents", List.of());
                }
            }
            java.util.Map<String, BigDecimal[]> rows = openFromTheRows();
            long open = rows.values().stream().mapToLong(v -> v[0].longValue()).sum();
            assertThat(ledger.openIntents()).as("open intents after step %d", step).isEqualTo(open);
            for (String i : instruments) {
                BigDecimal expected = rows.containsKey(i) ? rows.get(i)[1] : BigDecimal.ZERO;
                assertThat(ledger.openNotional(i)).as("open notional of %s after step %d", i, step).isEqualByComparingTo(expected);
            }
        }
        assertThat(ledger.openIntents()).as("the traffic leaves exposure open").isPositive();
        assertThat(entries).as("and closes some").isNotEmpty();
    }

    @Test
    void pendingIntentsComeInPagesThatTogetherHoldEachOnceInOrder() {
        List<OrderIntent> open = new ArrayList<>();
        for (int k = 1; k <= 8; k++) {
            OrderIntent i = Intents.entry("BTC-USDT", k, 1, k, (long) k);
            ledger.insertReceived(i, IntentCodec.fingerprint(i), BigDecimal.ONE, true);
            if (k % 4 == 0) ledger.complete(i, "FILLED", Intents.filled(i, 100, 0));
            else open.add(i);
        }
        List<OrderIntent> paged = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        LedgerPage.Cursor at = null;
        do {
            LedgerPage p = ledger.pending(at, 4);
            sizes.add(p.entries().size());
            p.entries().forEach(e -> paged.add(e.intent()));
            at = p.next();
        } while (at != null);
        assertThat(sizes).containsExactly(4, 2);
        assertThat(paged).containsExactlyElementsOf(ledger.pending().stream().map(LedgerEntry::intent).toList());
        assertThat(paged).containsExactlyInAnyOrderElementsOf(open);
        // exactly a page full: one page, nothing after it
        LedgerPage whole = ledger.pending(null, open.size());
        assertThat(whole.entries()).hasSize(open.size());
        assertThat(whole.next()).isNull();
    }

    @Test
    void theReceiptsOfAnIdAreListedUpToTheLimitFirstFirst() {
        OrderIntent i = Intents.entry("BTC-USDT", 1, 1, 1_000, 1L);
        for (int k = 0; k < 5; k++) ledger.recordReceipt(i.getIntentId(), IntentCodec.fingerprint(i), k == 0 ? Receipt.Verdict.NEW : Receipt.Verdict.DUPLICATE);
        assertThat(ledger.receipts(i.getIntentId(), 3)).extracting(Receipt::verdict)
                .containsExactly(Receipt.Verdict.NEW, Receipt.Verdict.DUPLICATE, Receipt.Verdict.DUPLICATE);
        assertThat(ledger.receipts(i.getIntentId())).hasSize(5);
    }
}

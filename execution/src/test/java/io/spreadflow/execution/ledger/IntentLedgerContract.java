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
}

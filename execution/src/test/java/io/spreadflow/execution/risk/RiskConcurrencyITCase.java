package io.spreadflow.execution.risk;

import io.spreadflow.execution.IntentResult;
import io.spreadflow.execution.OrderDesk;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.testing.Intents;
import io.spreadflow.execution.testing.PaperDesk;
import io.spreadflow.execution.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service instances — two desks, each with its own ledger connection pool — on one PostgreSQL
 * database, sent entries at the same time: the limits hold as if there were one, because each risk
 * decision and its insert are one transaction holding the ledger's decision lock.
 */
class RiskConcurrencyITCase {

    private static PostgresCluster pg;

    @BeforeAll
    static void startServer() throws Exception {
        pg = PostgresCluster.startOrSkip();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (pg != null) pg.close();
    }

    @Test
    void twoInstancesCannotTogetherExceedALimit() throws Exception {
        String url = pg.newDatabase("risk_race");
        // each entry of 1: buy spot at 100.0 + sell futures at 100.5 = 200.5; exactly 10 fit in 2005
        RiskLimits limits = RiskLimits.DEFAULT.withMaxInstrumentNotional(new BigDecimal("2005"));
        int entries = 40;
        try (IntentLedger a = IntentLedger.open(url, pg.user(), pg.password()); IntentLedger b = IntentLedger.open(url, pg.user(), pg.password())) {
            OrderDesk[] desks = {PaperDesk.open(a, limits), PaperDesk.open(b, limits)};
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Callable<IntentResult>> calls = new ArrayList<>();
                for (int k = 1; k <= entries; k++) {
                    OrderDesk desk = desks[k % 2];
                    long seq = k;
                    calls.add(() -> {
                        go.await();
                        return desk.submit(Intents.entry("BTC-USDT", seq, 1, 1_000, seq));
                    });
                }
                List<Future<IntentResult>> futures = new ArrayList<>();
                for (Callable<IntentResult> c : calls) futures.add(pool.submit(c));
                go.countDown();
                int filled = 0;
                int refused = 0;
                for (Future<IntentResult> f : futures) {
                    IntentResult r = f.get();
                    if (r.status().equals("FILLED")) filled++;
                    else if (r.reason() != null && r.reason().contains("max-instrument-notional")) refused++;
                }
                assertThat(filled).isEqualTo(10);
                assertThat(refused).isEqualTo(entries - 10);
                assertThat(a.openNotional("BTC-USDT")).isEqualByComparingTo("2005");
                assertThat(b.counts().executions()).isEqualTo(10);
                assertThat(a.positions()).allSatisfy(p -> assertThat(p.fills()).isEqualTo(10));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}

package io.spreadflow.execution;

import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.ledger.LedgerEntry;
import io.spreadflow.execution.risk.RiskLimits;
import io.spreadflow.execution.testing.Intents;
import io.spreadflow.execution.testing.PaperDesk;
import io.spreadflow.schemas.OrderIntent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Intents a previous run left executing are resumed page by page ({@code ledger-page-rows}): more of them
 * than a page holds are all completed, each once.
 */
class PendingRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void moreIntentsThanAPageAreAllResumed() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath() + ";DB_CLOSE_DELAY=-1";
        try (IntentLedger ledger = IntentLedger.open(url, null, null, 2)) {
            List<OrderIntent> left = new ArrayList<>();
            for (int k = 1; k <= 5; k++) {
                OrderIntent i = Intents.entry("BTC-USDT", k, 0.01, 1_000, (long) k);
                ledger.insertReceived(i, IntentCodec.fingerprint(i), BigDecimal.ONE, true);
                left.add(i);
            }
            assertThat(ledger.pending(null, ledger.pageRows()).entries()).hasSize(2);
            ServiceMetrics metrics = new ServiceMetrics();
            assertThat(PaperDesk.open(ledger, RiskLimits.DEFAULT, metrics).recoverPending()).isEqualTo(5);
            // completed without arriving in this run: counted as recovered, not as received
            assertThat(metrics.intentsRecovered.sum()).isEqualTo(5);
            assertThat(metrics.intentsReceived.sum()).isZero();
            assertThat(ledger.pending()).isEmpty();
            for (OrderIntent i : left) {
                LedgerEntry e = ledger.find(i.getIntentId()).orElseThrow();
                assertThat(e.status()).isEqualTo("FILLED");
                assertThat(e.executions()).isEqualTo(1);
            }
        }
    }

    @Test
    void aPageOfNoRowsIsRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> ExecutionSettings.DEFAULT.withLedgerPageRows(0)).hasMessageContaining("ledger-page-rows");
    }
}

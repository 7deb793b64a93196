package io.spreadflow.execution.ledger;

import io.spreadflow.execution.http.IntentCodec;
import io.spreadflow.execution.testing.Intents;
import io.spreadflow.schemas.OrderIntent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the embedded database, the reads of a risk decision (made under the decision lock) use the primary key
 * of the running aggregate, never a scan of the intents; the search for the entries an exit closes uses the
 * intents' (instrument, open_exposure) index.
 */
class ExposurePlanTest {

    @TempDir
    Path dir;

    private static String plan(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql.replace("?", "'BTC-USDT'")); ResultSet rs = ps.executeQuery()) {
            StringBuilder b = new StringBuilder();
            while (rs.next()) b.append(rs.getString(1)).append('\n');
            return b.toString();
        }
    }

    @Test
    void theRiskReadsUseTheAggregatesKeyAndTheExitSearchAnIndex() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath() + ";DB_CLOSE_DELAY=-1";
        try (IntentLedger ledger = IntentLedger.open(url, null, null)) {
            for (int k = 1; k <= 50; k++) {
                OrderIntent e = Intents.entry(k % 2 == 0 ? "BTC-USDT" : "ETH-USDT", k, 1, k, (long) k);
                ledger.insertReceived(e, IntentCodec.fingerprint(e), BigDecimal.TEN, true);
            }
            try (Connection c = DriverManager.getConnection(url)) {
                String notional = plan(c, ExposureBook.OPEN_NOTIONAL_SQL);
                assertThat(notional).contains("INSTRUMENT_EXPOSURE").containsPattern("PRIMARY_KEY_\\w*: INSTRUMENT = ").doesNotContain("INTENTS ");
                String open = plan(c, ExposureBook.OPEN_INTENTS_SQL);
                assertThat(open).contains("INSTRUMENT_EXPOSURE").doesNotContain("PUBLIC.INTENTS");
                String exited = plan(c, IntentLedger.EXITED_ENTRIES_SQL + " AND position_id = 4");
                assertThat(exited).contains("INTENTS_EXPOSURE");
            }
        }
    }
}

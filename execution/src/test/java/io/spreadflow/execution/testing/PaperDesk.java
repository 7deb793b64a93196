package io.spreadflow.execution.testing;

import io.spreadflow.execution.OrderDesk;
import io.spreadflow.execution.ServiceMetrics;
import io.spreadflow.execution.book.QuoteHistory;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.risk.RiskCheck;
import io.spreadflow.execution.risk.RiskLimits;
import io.spreadflow.execution.venue.PaperVenue;

import java.math.BigDecimal;
import java.util.Map;

/**
 * An order desk as the service builds it, on a given ledger, filling on paper against books the test
 * fills directly (no Kafka): at 1 ms spot 99.9/100.0 and futures 100.5/100.6, 1000 shown on each side.
 */
public final class PaperDesk {

    private PaperDesk() {}

    public static OrderDesk open(IntentLedger ledger, RiskLimits limits) {
        return open(ledger, limits, new ServiceMetrics());
    }

    /** As {@link #open(IntentLedger, RiskLimits)}, counting into {@code metrics}. */
    public static OrderDesk open(IntentLedger ledger, RiskLimits limits, ServiceMetrics metrics) {
        QuoteHistory books = new QuoteHistory(16);
        books.add(Intents.tick("BTC-USDT", Intents.SPOT, 1_000, 99.9, 1000, 100.0, 1000));
        books.add(Intents.tick("BTC-USDT", Intents.FUT, 1_000, 100.5, 1000, 100.6, 1000));
        PaperVenue paper = new PaperVenue(books, 0, PaperVenue.takerFillModel(Map.of(), new BigDecimal("0.001")));
        return new OrderDesk(ledger, books, paper, paper, new RiskCheck(limits), metrics, () -> { }, 0, false);
    }
}

package io.spreadflow.execution;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.spreadflow.execution.ledger.IntentLedger;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's sizes as gauges: intents by status, open intents, reports pending in the outbox. They are read from
 * the database at scrape time (a few indexed counts), so they survive restarts and agree with the ledger.
 */
final class LedgerMeters {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerMeters.class);

    private final IntentLedger ledger;
    private final MultiGauge byStatus;

    LedgerMeters(IntentLedger ledger, MeterRegistry registry) {
        this.ledger = ledger;
        this.byStatus = MultiGauge.builder("spreadflow_execution_ledger_intents")
                .description("intents the ledger holds, by status").register(registry);
        Gauge.builder("spreadflow_execution_open_intents", ledger, IntentLedger::openIntents)
                .description("intents counting against max-open-intents").register(registry);
        Gauge.builder("spreadflow_execution_outbox_pending", ledger, IntentLedger::outboxPending)
                .description("execution reports not yet acknowledged by Kafka").register(registry);
    }

    /** Re-reads the counts by status; called before each scrape. A failing database leaves the last values. */
    void refresh() {
        try {
            Map<String, Long> counts = ledger.intentsByStatus();
            byStatus.register(counts.entrySet().stream()
                    .map(e -> MultiGauge.Row.of(Tags.of("status", e.getKey()), e.getValue()))
                    .toList(), true);
        } catch (io.spreadflow.execution.ledger.LedgerException e) {
            LOG.debug("ledger counts unavailable for metrics: {}", e.getMessage());
        }
    }
}

package io.spreadflow.execution;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** The service's counters and gauges, rendered in the Prometheus text format on {@code GET /metrics}. */
public final class ServiceMetrics {

    public final LongAdder intentsReceived = new LongAdder();
    public final LongAdder intentsDuplicate = new LongAdder();
    /** A resent id whose content differs from what the ledger holds: answered with the stored result. */
    public final LongAdder intentsConflicting = new LongAdder();
    public final LongAdder intentsExecuted = new LongAdder();
    public final LongAdder legsFilled = new LongAdder();
    public final LongAdder reportsPublished = new LongAdder();
    public final LongAdder ticksRead = new LongAdder();
    public final LongAdder ticksSkipped = new LongAdder();
    private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> responses = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    public void rejected(String rule) {
        rejections.computeIfAbsent(rule, k -> new LongAdder()).increment();
    }

    public void response(int status) {
        responses.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    public void gauge(String name, LongSupplier value) {
        gauges.put(name, value);
    }

    /** The Prometheus exposition text. */
    public String render() {
        StringBuilder b = new StringBuilder(2048);
        counter(b, "spreadflow_execution_intents_received_total", "intents that reached the desk, duplicates included", intentsReceived.sum());
        counter(b, "spreadflow_execution_intents_duplicate_total", "intents whose id the ledger already held", intentsDuplicate.sum());
        counter(b, "spreadflow_execution_intents_conflicting_total", "resent ids whose content differed from the ledger", intentsConflicting.sum());
        counter(b, "spreadflow_execution_intents_executed_total", "intents executed on a venue or on paper", intentsExecuted.sum());
        counter(b, "spreadflow_execution_legs_filled_total", "legs with a non-zero fill", legsFilled.sum());
        counter(b, "spreadflow_execution_reports_published_total", "execution reports acknowledged by Kafka", reportsPublished.sum());
        counter(b, "spreadflow_execution_ticks_read_total", "ticks added to the book history", ticksRead.sum());
        counter(b, "spreadflow_execution_ticks_skipped_total", "ticks not decodable or not tradable", ticksSkipped.sum());
        b.append("# HELP spreadflow_execution_intents_rejected_total intents refused by a risk rule\n")
                .append("# TYPE spreadflow_execution_intents_rejected_total counter\n");
        rejections.forEach((rule, n) -> b.append("spreadflow_execution_intents_rejected_total{rule=\"").append(rule).append("\"} ")
                .append(n.sum()).append('\n'));
        b.append("# HELP spreadflow_execution_http_responses_total HTTP responses by status\n")
                .append("# TYPE spreadflow_execution_http_responses_total counter\n");
        responses.forEach((code, n) -> b.append("spreadflow_execution_http_responses_total{code=\"").append(code).append("\"} ")
                .append(n.sum()).append('\n'));
        gauges.forEach((name, v) -> b.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ')
                .append(v.getAsLong()).append('\n'));
        return b.toString();
    }

    private static void counter(StringBuilder b, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value).append('\n');
    }
}

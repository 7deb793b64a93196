package io.spreadflow.execution;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.spreadflow.connectors.metrics.ProcessMeters;
import io.spreadflow.execution.book.QuoteHistory;
import io.spreadflow.execution.ledger.IntentLedger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The service's meters in a Micrometer Prometheus registry, rendered on {@code GET /metrics}: its own counters
 * (names unchanged from the hand-written exposition), the JVM's, HTTP requests and the ledger's sizes
 * ({@link LedgerMeters}).
 */
public final class ServiceMetrics implements AutoCloseable {

    /** Requests by method, route and status, with a latency histogram (Prometheus {@code _bucket} series). */
    public static final String HTTP_REQUESTS = "spreadflow.execution.http.requests";

    public final LongAdder intentsReceived = new LongAdder();
    public final LongAdder intentsDuplicate = new LongAdder();
    /** A resent id whose content differs from what the ledger holds: answered with the stored result. */
    public final LongAdder intentsConflicting = new LongAdder();
    public final LongAdder intentsExecuted = new LongAdder();
    /** Intents a previous run had received but not completed, completed at start (they count as executed or rejected, not as received). */
    public final LongAdder intentsRecovered = new LongAdder();
    public final LongAdder legsFilled = new LongAdder();
    public final LongAdder reportsPublished = new LongAdder();
    public final LongAdder ticksRead = new LongAdder();
    public final LongAdder ticksSkipped = new LongAdder();
    private final ProcessMeters process = new ProcessMeters();
    private final MeterRegistry registry = process.registry();
    private volatile LedgerMeters ledger;

    public ServiceMetrics() {
        counter("spreadflow_execution_intents_received", "intents that reached the desk, duplicates included", intentsReceived);
        counter("spreadflow_execution_intents_duplicate", "intents whose id the ledger already held", intentsDuplicate);
        counter("spreadflow_execution_intents_conflicting", "resent ids whose content differed from the ledger", intentsConflicting);
        counter("spreadflow_execution_intents_executed", "intents executed on a venue or on paper", intentsExecuted);
        counter("spreadflow_execution_intents_recovered", "intents a previous run received but did not complete, completed at start",
                intentsRecovered);
        counter("spreadflow_execution_legs_filled", "legs with a non-zero fill", legsFilled);
        counter("spreadflow_execution_reports_published", "execution reports acknowledged by Kafka", reportsPublished);
        counter("spreadflow_execution_ticks_read", "ticks added to the book history", ticksRead);
        counter("spreadflow_execution_ticks_skipped", "ticks not decodable or not tradable", ticksSkipped);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void rejected(String rule) {
        Counter.builder("spreadflow_execution_intents_rejected").description("intents refused by a risk rule")
                .tag("rule", rule).register(registry).increment();
    }

    public void response(int status) {
        Counter.builder("spreadflow_execution_http_responses").description("HTTP responses by status")
                .tag("code", Integer.toString(status)).register(registry).increment();
    }

    /** Times one answered request; {@code route} is the matched path template, never the raw path (bounded labels). */
    public void request(String method, String route, int status, long nanos) {
        Timer.builder(HTTP_REQUESTS).description("HTTP requests by method, route and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A gauge read at scrape time; {@code name} is the exposed Prometheus name. */
    public void gauge(String name, LongSupplier value) {
        Gauge.builder(name, value, v -> v.getAsLong()).strongReference(true).register(registry);
    }

    /** Adds the book history's bounds: quotes dropped by count and by age, ticks of books beyond the bound, books kept. */
    public void quoteHistory(QuoteHistory books) {
        FunctionCounter.builder("spreadflow_execution_quotes_dropped", books, QuoteHistory::droppedByCount)
                .description("quotes dropped from the book history past a bound").tag("cause", "count").register(registry);
        FunctionCounter.builder("spreadflow_execution_quotes_dropped", books, QuoteHistory::droppedByAge)
                .description("quotes dropped from the book history past a bound").tag("cause", "age").register(registry);
        FunctionCounter.builder("spreadflow_execution_quote_books_refused", books, QuoteHistory::refusedBooks)
                .description("ticks refused because they would open a book beyond max-quote-books").register(registry);
        Gauge.builder("spreadflow_execution_quote_books", books, QuoteHistory::books)
                .description("(instrument, venue) books in the book history").register(registry);
    }

    /** Adds the ledger's gauges (intents by status, open intents, outbox pending). */
    public void ledger(IntentLedger intents) {
        ledger = new LedgerMeters(intents, registry);
    }

    /** The Prometheus exposition text. */
    public String render() {
        LedgerMeters l = ledger;
        if (l != null) l.refresh();
        return process.scrape();
    }

    private void counter(String name, String help, LongAdder value) {
        FunctionCounter.builder(name, value, LongAdder::sum).description(help).register(registry);
    }

    @Override
    public void close() {
        process.close();
    }
}

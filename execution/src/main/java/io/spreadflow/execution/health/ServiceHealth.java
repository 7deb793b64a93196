package io.spreadflow.execution.health;

import io.spreadflow.execution.book.TickFeed;
import io.spreadflow.execution.ledger.IntentLedger;
import io.spreadflow.execution.report.ReportOutbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What {@code /health} and {@code /ready} answer. Health: the parts the service cannot work without
 * are up — the ledger answers, the tick feed's thread runs (and, when {@code maxTickAgeMs} is set, its
 * last tick is recent), its consumer is connected to a broker, the outbox's thread runs and Kafka
 * acknowledges what it publishes. Ready: healthy, taking intents (not shutting down), and the books hold
 * the tick history the topic held at start.
 */
public final class ServiceHealth {

    /** One part's state, with what an operator needs to judge it. */
    public record Check(String name, Status status, Map<String, Object> details) {
        public Check {
            details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }
    }

    /** DISABLED: the part was switched off (e.g. {@code --no-kafka}); it does not make the service unhealthy. */
    public enum Status { UP, DOWN, DISABLED }

    /** The checks, and whether all of them pass. */
    public record Report(boolean up, List<Check> checks) {
        public Report {
            checks = List.copyOf(checks);
        }
    }

    private static final int LEDGER_TIMEOUT_S = 2;

    private final IntentLedger ledger;
    private final TickFeed feed;
    private final ReportOutbox outbox;
    private final long maxTickAgeMs;
    private final BooleanSupplier accepting;

    /**
     * @param feed      null without Kafka
     * @param outbox    null without Kafka
     * @param accepting whether the desk takes intents (false once a shutdown began)
     */
    public ServiceHealth(IntentLedger ledger, TickFeed feed, ReportOutbox outbox, long maxTickAgeMs, BooleanSupplier accepting) {
        this.ledger = ledger;
        this.feed = feed;
        this.outbox = outbox;
        this.maxTickAgeMs = maxTickAgeMs;
        this.accepting = accepting;
    }

    public Report health() {
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("ledger", ledger.reachable(LEDGER_TIMEOUT_S) ? Status.UP : Status.DOWN, Map.of()));
        checks.add(tickFeed());
        checks.add(kafkaConsumer());
        checks.add(kafkaProducer());
        return new Report(checks.stream().noneMatch(c -> c.status() == Status.DOWN), checks);
    }

    public Report readiness() {
        Report health = health();
        List<Check> checks = new ArrayList<>(health.checks());
        checks.add(new Check("accepting", accepting.getAsBoolean() ? Status.UP : Status.DOWN, Map.of()));
        if (feed != null) {
            checks.add(new Check("books", feed.caughtUp() ? Status.UP : Status.DOWN,
                    Map.of("detail", feed.caughtUp() ? "tick history read" : "still reading the tick history")));
        }
        return new Report(checks.stream().noneMatch(c -> c.status() == Status.DOWN), checks);
    }

    private Check tickFeed() {
        if (feed == null) return new Check("tickFeed", Status.DISABLED, Map.of());
        Map<String, Object> d = new LinkedHashMap<>();
        long last = feed.lastTickAtMs();
        long age = last < 0 ? -1 : Math.max(0, System.currentTimeMillis() - last);
        d.put("threadAlive", feed.alive());
        d.put("lastTickAgeMs", age);
        boolean stale = maxTickAgeMs > 0 && (age < 0 || age > maxTickAgeMs);
        if (stale) d.put("detail", "no tick for more than " + maxTickAgeMs + " ms");
        return new Check("tickFeed", feed.alive() && !stale ? Status.UP : Status.DOWN, d);
    }

    private Check kafkaConsumer() {
        if (feed == null) return new Check("kafkaConsumer", Status.DISABLED, Map.of());
        boolean up = feed.alive() && feed.connected();
        return new Check("kafkaConsumer", up ? Status.UP : Status.DOWN, Map.of("connected", feed.alive() && feed.connected()));
    }

    private Check kafkaProducer() {
        if (outbox == null) return new Check("kafkaProducer", Status.DISABLED, Map.of());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("threadAlive", outbox.alive());
        long failing = outbox.failingSinceMs();
        if (failing >= 0) d.put("failingForMs", Math.max(0, System.currentTimeMillis() - failing));
        return new Check("kafkaProducer", outbox.alive() && failing < 0 ? Status.UP : Status.DOWN, d);
    }
}

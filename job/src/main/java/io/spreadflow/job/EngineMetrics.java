package io.spreadflow.job;

import io.spreadflow.engine.BufferBound;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.InstrumentState;
import io.spreadflow.schemas.IntentPurpose;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The engine operator's Flink metrics, per subtask (Prometheus labels in brackets):
 * <ul>
 *   <li>{@code ticks}: ticks handed to the engine;</li>
 *   <li>{@code deadLetters} [reason]: refused input, by the first word of its reason (bounded label values);</li>
 *   <li>{@code intents} [purpose]: intents decided, by purpose;</li>
 *   <li>{@code boundsHit} [reason]: a buffer of an instrument's state reached its bound ({@link BufferBound}: the
 *       instrument halted; what it gave up is in the dead letters);</li>
 *   <li>{@code openPositions}, {@code realizedPnlQuote}, {@code heldTicks}: over the subtask's instruments, as
 *       of each instrument's latest output;</li>
 *   <li>{@code eventTimeLagMs} [source]: wall clock minus the receive time of the latest tick;</li>
 *   <li>{@code instrumentsOnHeap} (registered by {@link EngineFunction}): on RocksDB, the instruments whose states the
 *       subtask keeps on the heap ({@link WriteBehindState}): every instrument with a record since the subtask's
 *       last start, up to {@link JobOptions#HEAP_INSTRUMENTS}; 0 where the backend keeps objects.</li>
 * </ul>
 * The per-instrument figures live on the heap, not in state: after a restore an instrument counts again
 * from its first output.
 */
final class EngineMetrics {

    /** Distinct reason labels kept; beyond them, reasons count as "other" (a label per free-form text would grow without bound). */
    static final int MAX_REASONS = 64;

    private final MetricGroup group;
    private final Counter ticks;
    private final Map<String, Counter> deadLetters = new HashMap<>();
    private final EnumMap<IntentPurpose, Counter> intents = new EnumMap<>(IntentPurpose.class);
    private final EnumMap<BufferBound, Counter> boundsHit = new EnumMap<>(BufferBound.class);
    private final Map<String, long[]> positions = new HashMap<>();
    /** Each instrument's realized P&L at its last update: the book's value and its double. */
    private final Map<String, Realized> realized = new HashMap<>();
    private long openPositions;
    private long heldTicks;
    private double realizedPnl;
    private volatile long lastTickTsUs = Long.MIN_VALUE;

    EngineMetrics(MetricGroup group, String source) {
        this.group = group;
        this.ticks = group.counter("ticks");
        for (IntentPurpose p : IntentPurpose.values()) intents.put(p, group.addGroup("purpose", p.name()).counter("intents"));
        for (BufferBound b : BufferBound.values()) boundsHit.put(b, group.addGroup("reason", b.name()).counter("boundsHit"));
        group.gauge("openPositions", () -> openPositions);
        group.gauge("heldTicks", () -> heldTicks);
        group.gauge("realizedPnlQuote", () -> realizedPnl);
        group.addGroup("source", source).gauge("eventTimeLagMs", () -> {
            long ts = lastTickTsUs;
            return ts == Long.MIN_VALUE ? 0L : System.currentTimeMillis() - ts / 1000;
        });
    }

    void tick(long receiveTsUs) {
        ticks.inc();
        lastTickTsUs = receiveTsUs;
    }

    void intent(IntentPurpose purpose) {
        intents.get(purpose == null ? IntentPurpose.OTHER : purpose).inc();
    }

    void boundHit(BufferBound bound) {
        boundsHit.get(bound).inc();
    }

    /** How often {@code bound} was hit in this subtask (tests). */
    long boundsHit(BufferBound bound) {
        return boundsHit.get(bound).getCount();
    }

    void deadLetter(CharSequence reason) {
        String label = reasonLabel(reason);
        Counter c = deadLetters.get(label);
        if (c == null) {
            if (deadLetters.size() >= MAX_REASONS) label = "other";
            c = deadLetters.computeIfAbsent(label, l -> group.addGroup("reason", l).counter("deadLetters"));
        }
        c.inc();
    }

    /** The instrument's positions, P&L and held ticks after an input that changed them. */
    void instrument(String key, InstrumentState state) {
        if (!(state instanceof EngineState s)) return;
        long[] prev = positions.computeIfAbsent(key, k -> new long[2]);
        long open = s.positions().openCount();
        long held = s.heldTicks();
        openPositions += open - prev[0];
        heldTicks += held - prev[1];
        prev[0] = open;
        prev[1] = held;
        // the book replaces its realized P&L when a position closes: unchanged, it needs no costly decimal conversion
        java.math.BigDecimal r = s.positions().realizedPnl();
        Realized before = realized.get(key);
        if (before != null && before.value() == r) return;
        Realized now = new Realized(r, r.doubleValue());
        realized.put(key, now);
        realizedPnl += now.quote() - (before == null ? 0 : before.quote());
    }

    /** The instrument's state is gone (end of input). */
    void forget(String key) {
        long[] prev = positions.remove(key);
        if (prev != null) {
            openPositions -= prev[0];
            heldTicks -= prev[1];
        }
        Realized before = realized.remove(key);
        if (before != null) realizedPnl -= before.quote();
    }

    /** A short, bounded label for a dead letter's reason: its first word, without numbers or punctuation. */
    static String reasonLabel(CharSequence reason) {
        if (reason == null) return "unknown";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < reason.length() && b.length() < 40; i++) {
            char c = reason.charAt(i);
            if (Character.isLetter(c) || c == '_') b.append(Character.toLowerCase(c));
            else if (c == ' ' || c == '-') {
                if (b.length() > 0 && b.charAt(b.length() - 1) != '_') b.append('_');
            } else if (b.length() > 0) break;
            if (c == ':' || c == '(') break;
        }
        while (b.length() > 0 && b.charAt(b.length() - 1) == '_') b.setLength(b.length() - 1);
        return b.length() == 0 ? "unknown" : b.toString();
    }

    /** A book's realized P&L and the same as a double (quote currency). */
    private record Realized(java.math.BigDecimal value, double quote) {
    }
}

package io.spreadflow.engine.signal;

import io.spreadflow.engine.strategy.OpenPosition;
import io.spreadflow.engine.strategy.PositionView;

import java.math.BigDecimal;
import io.spreadflow.engine.accounting.Trade;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signal state machine's memory for one instrument: positions not flat (in entry order), which
 * intent belongs to which position, the intent and signal sequences, the realized P&L the loss limit
 * watches, the halt flag and the time of the last entry (cool-down).
 */
public final class PositionBook implements PositionView {

    /** How many legs of closed positions are remembered for recognising repeated reports. */
    static final int SETTLED_LEGS_KEPT = 4096;

    final LinkedHashMap<Long, PositionRecord> positions = new LinkedHashMap<>();
    final HashMap<String, Long> intentToPosition = new HashMap<>();
    long intentSequence;
    /** The run epoch of this book's intent ids ({@link IntentId}): set when the book is created, kept by restores. */
    long runEpoch;
    long signalSequence;
    long lastEntryRowTsUs = Long.MIN_VALUE;
    long nextDeadlineUs = Long.MAX_VALUE;
    BigDecimal realizedPnl = BigDecimal.ZERO;
    BigDecimal realizedFees = BigDecimal.ZERO;
    boolean halted;
    String haltReason;
    /**
     * The filled quantity of the legs of recently closed positions, by {@code intentId#legIndex}, so that
     * their reports arriving again are recognised as repeats; the oldest are forgotten beyond
     * {@link #SETTLED_LEGS_KEPT}.
     */
    final LinkedHashMap<String, Double> settledLegs = new LinkedHashMap<>();
    /** Ids of positions the strategy decided to close, in decision order: trades go out in this order. */
    final ArrayDeque<Long> closeOrder = new ArrayDeque<>();
    /** Trades complete but waiting for an earlier close to complete. */
    final HashMap<Long, Trade> finishedTrades = new HashMap<>();
    /**
     * Positions that went flat without the strategy closing them, awaiting its exit decision (only for
     * strategies that keep their own book of positions).
     */
    final LinkedHashMap<Long, Ghost> ghosts = new LinkedHashMap<>();
    private transient List<OpenPosition> snapshot;

    /** Most flat positions remembered for a later strategy exit; the oldest are forgotten first. */
    static final int MAX_GHOSTS = 10_000;

    /**
     * What a position booked before it went flat at {@code flatTsUs} without the strategy closing it;
     * {@code filled}: whether any of its orders filled (a position that never held anything yields no
     * trade of its own).
     */
    record Ghost(long entryRowTsUs, long flatTsUs, BigDecimal pnl, BigDecimal fees, BigDecimal notional,
                 BigDecimal funding, boolean filled) {
    }

    /** Remembers an unwound position; returns the oldest one forgotten to make room, or {@code null}. */
    Map.Entry<Long, Ghost> remember(long id, Ghost g) {
        ghosts.put(id, g);
        if (ghosts.size() <= MAX_GHOSTS) return null;
        Iterator<Map.Entry<Long, Ghost>> it = ghosts.entrySet().iterator();
        Map.Entry<Long, Ghost> first = it.next();
        Map.Entry<Long, Ghost> oldest = Map.entry(first.getKey(), first.getValue());
        it.remove();
        return oldest;
    }

    /** Unwound positions still awaiting the strategy's exit, in the order they went flat. */
    public int unwoundAwaitingExit() {
        return ghosts.size();
    }

    @Override
    public List<OpenPosition> positions() {
        List<OpenPosition> s = snapshot;
        if (s == null) {
            List<OpenPosition> out = new ArrayList<>(positions.size());
            for (PositionRecord p : positions.values()) out.add(p.view());
            s = List.copyOf(out);
            snapshot = s;
        }
        return s;
    }

    @Override
    public int openCount() {
        return positions.size();
    }

    @Override
    public boolean isFlat() {
        return positions.isEmpty();
    }

    @Override
    public boolean halted() {
        return halted;
    }

    public String haltReason() {
        return haltReason;
    }

    /** Realized quote P&L of every closed position (fees included). */
    public BigDecimal realizedPnl() {
        return realizedPnl;
    }

    public BigDecimal realizedFees() {
        return realizedFees;
    }

    public long runEpoch() {
        return runEpoch;
    }

    public long intentSequence() {
        return intentSequence;
    }

    /** Event time of the earliest leg deadline; {@link Long#MAX_VALUE} when no leg is working. */
    public long nextDeadlineUs() {
        return nextDeadlineUs;
    }

    public PositionRecord position(long id) {
        return positions.get(id);
    }

    /** The positions not flat, in entry order. */
    public List<PositionRecord> records() {
        return List.copyOf(positions.values());
    }

    /** Whether {@code intentId} belongs to a position not yet flat. */
    public boolean knows(String intentId) {
        return intentToPosition.containsKey(intentId);
    }

    /** Whether an order leg is out: sent, with no outcome and not timed out. */
    public boolean hasWorkingLegs() {
        for (PositionRecord p : positions.values()) if (p.anyWorking()) return true;
        return false;
    }

    /** The filled quantity a closed position's leg ended with, or null when it is not remembered. */
    Double settledLeg(String intentId, int legIndex) {
        return settledLegs.get(intentId + "#" + legIndex);
    }

    void settle(String intentId, int legIndex, double filled) {
        settledLegs.put(intentId + "#" + legIndex, filled);
        if (settledLegs.size() > SETTLED_LEGS_KEPT) {
            var it = settledLegs.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    void changed() {
        snapshot = null;
    }

    private boolean holdsExactly(List<PositionRecord> open) {
        if (open.size() != positions.size()) return false;
        int i = 0;
        for (PositionRecord p : positions.values()) if (p != open.get(i++)) return false;
        return true;
    }

    /** The ids of the positions not flat, in entry order. */
    public long[] openIds() {
        long[] ids = new long[positions.size()];
        int i = 0;
        for (long id : positions.keySet()) ids[i++] = id;
        return ids;
    }

    /**
     * Puts the open positions of a restored book in, in entry order, in place of any it holds (the keyed
     * state keeps the book's header and its positions apart).
     */
    public void restoreOpen(List<PositionRecord> open) {
        if (holdsExactly(open)) return; // a backend that keeps objects hands back the very book: its views stay valid
        positions.clear();
        for (PositionRecord p : open) positions.put(p.id, p);
        changed();
    }
}

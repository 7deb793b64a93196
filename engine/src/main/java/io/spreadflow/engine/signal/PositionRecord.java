package io.spreadflow.engine.signal;

import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.engine.strategy.OpenPosition;
import io.spreadflow.schemas.Side;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One position in the signal state machine: its entry legs (venue and direction), the quantity every
 * entry leg aims at, all orders sent for it, and the booked cash flow and fees of their fills.
 */
public final class PositionRecord {

    final long id;
    final Decision.Kind kind;
    PositionState state = PositionState.FLAT;
    final long entryRowTsUs;
    final double entrySpread;
    final String entryReason;
    final String[] entryVenues;
    final Side[] entrySides;
    final double initialTarget;
    double target;
    final BigDecimal entryNotional;
    final ArrayList<LegRecord> legs = new ArrayList<>(4);
    /** Sells minus buys, quote currency. */
    BigDecimal cash = BigDecimal.ZERO;
    BigDecimal fees = BigDecimal.ZERO;
    /** Funding received (+) or paid (−) while the position held a perpetual leg; also in {@link #cash}. */
    BigDecimal funding = BigDecimal.ZERO;
    boolean completeTried;
    /** Exit attempts in a row that filled nothing. */
    int exitAttempts;
    /** Base quantity (all venues) the exit had left to close when its last attempt went out. */
    double exitLeft = Double.POSITIVE_INFINITY;
    /** An exit the strategy decided while the entry was still filling. */
    Decision.Action pendingExit;
    long pendingExitRowTsUs;
    double pendingExitSpread;
    /** Set once the strategy's exit (or the round trip) went out. */
    long exitRowTsUs = Long.MIN_VALUE;
    String exitReason;
    Map<String, Object> tradeRow;
    /** True when the strategy closed it (exit or round trip): flat then means a trade. */
    boolean strategyClose;

    PositionRecord(long id, Decision.Kind kind, long entryRowTsUs, double entrySpread, String entryReason,
                   String[] entryVenues, Side[] entrySides, double target, BigDecimal entryNotional) {
        this.id = id;
        this.kind = kind;
        this.entryRowTsUs = entryRowTsUs;
        this.entrySpread = entrySpread;
        this.entryReason = entryReason;
        this.entryVenues = entryVenues;
        this.entrySides = entrySides;
        this.initialTarget = target;
        this.target = target;
        this.entryNotional = entryNotional;
    }

    public long id() {
        return id;
    }

    public PositionState state() {
        return state;
    }

    public BigDecimal funding() {
        return funding;
    }

    public List<LegRecord> legs() {
        return List.copyOf(legs);
    }

    /** The venues this position trades, each once, in entry-leg order. */
    public List<String> venues() {
        List<String> vs = new ArrayList<>(entryVenues.length);
        for (String v : entryVenues) if (!vs.contains(v)) vs.add(v);
        return vs;
    }

    /** Booked P&L so far: cash flow minus fees (the realized P&L once flat). */
    public BigDecimal bookedPnl() {
        return cash.subtract(fees);
    }

    /** Net base quantity this position holds on a venue, + long, − short. */
    public double net(String venue) {
        double n = 0;
        for (int i = 0; i < legs.size(); i++) {
            LegRecord l = legs.get(i);
            if (l.venue.equals(venue)) n += l.signedFilled();
        }
        return n;
    }

    /** The quantity entry leg {@code i} has reached in its own direction. */
    double achieved(int i) {
        double n = net(entryVenues[i]);
        return entrySides[i] == Side.BUY ? n : -n;
    }

    /** Quantities within this of each other count as equal: a billionth of the position's first target. */
    double eps() {
        return Math.abs(initialTarget) * 1e-9;
    }

    /** Base quantity still held over all venues, long and short alike. */
    double exposure() {
        double left = 0;
        for (String v : venues()) left += Math.abs(net(v));
        return left;
    }

    /** True when some order of this position filled something. */
    boolean anyFilled() {
        for (int i = 0; i < legs.size(); i++) {
            if (legs.get(i).filled > 0) return true;
        }
        return false;
    }

    boolean anyWorking() {
        for (int i = 0; i < legs.size(); i++) {
            if (legs.get(i).working()) return true;
        }
        return false;
    }

    LegRecord leg(String intentId, int legIndex) {
        for (int i = 0; i < legs.size(); i++) {
            LegRecord l = legs.get(i);
            if (l.legIndex == legIndex && l.intentId.equals(intentId)) return l;
        }
        return null;
    }

    OpenPosition view() {
        double q = entryVenues.length == 0 ? 0 : Math.max(0, achieved(0));
        return new OpenPosition(id, state, entryRowTsUs, entrySpread, entryReason, q);
    }
}

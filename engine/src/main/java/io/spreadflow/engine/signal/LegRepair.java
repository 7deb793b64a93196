package io.spreadflow.engine.signal;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.SignalKind;

/**
 * Decides what becomes of an entering position once none of its legs is working any more: open when
 * every leg reached its target; failed when none filled; otherwise repaired, by completing the missing
 * quantity once ({@code on-leg-failure: complete}) or by unwinding every leg to the smallest filled one
 * (nothing left: the position is unwound flat). Repair orders go to each venue's next book.
 */
final class LegRepair {

    /** What the state machine must do after {@link #decide}. */
    enum Next {
        /** Nothing: still working, or already open. */
        NONE,
        /** The position is exiting: settle its exit. */
        SETTLE,
        /** The position is flat (failed entry, or a filled round trip): close it. */
        CLOSE,
        /** The position just opened and the strategy had decided to exit it meanwhile: start that exit. */
        START_PENDING_EXIT,
        /** An unwind had nothing to send: decide again on the changed state. */
        AGAIN
    }

    private final StrategyConfig.LegFailurePolicy policy;
    private final SignalRecords records;
    private final OrderTickets tickets;

    LegRepair(StrategyConfig.LegFailurePolicy policy, SignalRecords records, OrderTickets tickets) {
        this.policy = policy;
        this.records = records;
        this.tickets = tickets;
    }

    /** Moves position {@code p}, whose legs are all done, to where its fills put it. */
    Next decide(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Outcome.Builder out) {
        if (p.state == PositionState.EXITING) return Next.SETTLE;
        if (p.state != PositionState.ENTERING && p.state != PositionState.OPEN) return Next.NONE;
        int n = p.entryVenues.length;
        double eps = p.eps();
        boolean allAtTarget = true;
        boolean allZero = true;
        double min = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double a = p.achieved(i);
            if (Math.abs(a - p.target) > eps) allAtTarget = false;
            if (Math.abs(a) > eps) allZero = false;
            min = Math.min(min, a);
        }
        if (allAtTarget) return opened(b, instrument, p, nowTsUs, out);
        if (allZero && p.state == PositionState.ENTERING) {
            p.state = PositionState.FLAT;
            out.signal(records.transition(b, instrument, nowTsUs, SignalKind.TRANSITION, PositionState.ENTERING, PositionState.FLAT,
                    "ENTRY_FAILED", p));
            return Next.CLOSE;
        }
        if (policy == StrategyConfig.LegFailurePolicy.COMPLETE && !p.completeTried) {
            complete(b, instrument, p, nowTsUs, out);
            return Next.NONE;
        }
        return unwind(b, instrument, p, Math.max(0, min), nowTsUs, out) ? Next.NONE : Next.AGAIN;
    }

    private Next opened(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Outcome.Builder out) {
        if (p.state == PositionState.OPEN) return Next.NONE;
        if (p.kind == Decision.Kind.ROUND_TRIP) {
            p.state = PositionState.FLAT;
            out.signal(records.record(b, instrument, nowTsUs, SignalKind.TRANSITION, PositionState.ENTERING, PositionState.FLAT,
                    "FILLED", p.id, Double.NaN, SignalRecords.pnlValues(p)));
            return Next.CLOSE;
        }
        p.state = PositionState.OPEN;
        b.changed();
        out.signal(records.transition(b, instrument, nowTsUs, SignalKind.TRANSITION, PositionState.ENTERING, PositionState.OPEN,
                "FILLED", p));
        return p.pendingExit != null ? Next.START_PENDING_EXIT : Next.NONE;
    }

    /** Sends, once, what each entry leg lacks of the target (or has beyond it). */
    private void complete(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Outcome.Builder out) {
        PositionState from = p.state;
        p.completeTried = true;
        p.state = PositionState.ENTERING;
        b.changed();
        out.signal(records.transition(b, instrument, nowTsUs, SignalKind.HEDGE, from, PositionState.ENTERING, "COMPLETE", p));
        int n = p.entryVenues.length;
        double eps = p.eps();
        double[] q = new double[n];
        Side[] sides = new Side[n];
        for (int i = 0; i < n; i++) {
            double d = p.target - p.achieved(i);
            q[i] = Math.abs(d) > eps ? Math.abs(d) : 0;
            sides[i] = d > 0 ? p.entrySides[i] : opposite(p.entrySides[i]);
        }
        tickets.send(b, instrument, p, IntentPurpose.HEDGE, "COMPLETE", p.entryVenues, sides, q, nowTsUs, true, out);
    }

    /** Trims every leg to {@code keep}; nothing kept means the position is unwound flat. False when nothing was sent. */
    private boolean unwind(PositionBook b, String instrument, PositionRecord p, double keep, long nowTsUs, Outcome.Builder out) {
        PositionState from = p.state;
        double eps = p.eps();
        boolean flat = keep <= eps;
        p.target = flat ? 0 : keep;
        p.state = flat ? PositionState.EXITING : PositionState.ENTERING;
        if (flat) ExitSettlement.begin(p);
        b.changed();
        out.signal(records.transition(b, instrument, nowTsUs, SignalKind.HEDGE, from, p.state,
                flat ? "UNWIND" : "UNWIND_TO_SMALLEST_LEG", p));
        int n = p.entryVenues.length;
        double[] q = new double[n];
        Side[] sides = new Side[n];
        for (int i = 0; i < n; i++) {
            double d = p.achieved(i) - p.target;
            q[i] = Math.abs(d) > eps ? Math.abs(d) : 0;
            sides[i] = d > 0 ? opposite(p.entrySides[i]) : p.entrySides[i];
        }
        return tickets.send(b, instrument, p, IntentPurpose.HEDGE, "UNWIND", p.entryVenues, sides, q, nowTsUs, true, out);
    }

    static Side opposite(Side s) {
        return s == Side.BUY ? Side.SELL : Side.BUY;
    }
}

package io.spreadflow.engine.signal;

import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.SignalKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the strategy's exit of a position becomes: refused when there is nothing (left) to exit, the
 * trade at once for a position the framework had already unwound, remembered while the entry is
 * still filling, else the exit orders for every venue the position holds, the strategy's legs first.
 */
final class ExitDecisions {

    private final SignalRecords records;
    private final OrderTickets tickets;
    private final TradeTape tape;
    private final PositionClose closing;

    ExitDecisions(SignalRecords records, OrderTickets tickets, TradeTape tape, PositionClose closing) {
        this.records = records;
        this.tickets = tickets;
        this.tape = tape;
        this.closing = closing;
    }

    /** The strategy's exit action {@code a}, decided on the row at {@code rowTsUs}. */
    void decide(PositionBook b, String instrument, Decision.Action a, long rowTsUs, long decisionTsUs, double spread,
                      Map<String, Double> values, Outcome.Builder out) {
        PositionRecord p = b.positions.get(a.positionId());
        if (p == null) {
            PositionBook.Ghost g = b.ghosts.remove(a.positionId());
            if (g == null) {
                out.signal(records.refusal(b, instrument, a, "NO_SUCH_POSITION", rowTsUs, spread, values));
                return;
            }
            out.signal(records.record(b, instrument, rowTsUs, SignalKind.EXIT, PositionState.FLAT, PositionState.FLAT,
                    a.reason() + "_ALREADY_FLAT", a.positionId(), spread, values));
            tape.exitedWhenFlat(b, instrument, a, g, rowTsUs, out);
            return;
        }
        if (p.kind == Decision.Kind.ROUND_TRIP) {
            out.signal(records.refusal(b, instrument, a, "NO_SUCH_POSITION", rowTsUs, spread, values));
            return;
        }
        if (p.strategyClose || p.pendingExit != null) {
            out.signal(records.refusal(b, instrument, a, "ALREADY_EXITING", rowTsUs, spread, values));
            return;
        }
        tape.closeDecided(b, p.id);
        if (p.state == PositionState.ENTERING) {
            // the entry is still filling: remember the exit and send it once the position is open
            p.pendingExit = a;
            p.pendingExitRowTsUs = rowTsUs;
            p.pendingExitSpread = spread;
            out.signal(records.record(b, instrument, rowTsUs, SignalKind.EXIT, PositionState.ENTERING, PositionState.ENTERING,
                    a.reason() + "_AFTER_ENTRY", p.id, spread, values));
            return;
        }
        start(b, instrument, p, a, rowTsUs, decisionTsUs, spread, values, out);
    }

    /** Starts the exit of an entered position: EXITING, and orders bringing each venue's holding to zero. */
    void start(PositionBook b, String instrument, PositionRecord p, Decision.Action a, long rowTsUs,
                           long decisionTsUs, double spread, Map<String, Double> values, Outcome.Builder out) {
        p.exitRowTsUs = rowTsUs;
        p.exitReason = a.reason();
        p.tradeRow = a.tradeRow();
        p.strategyClose = true;
        PositionState from = p.state;
        p.state = PositionState.EXITING;
        ExitSettlement.begin(p);
        b.changed();
        out.signal(records.record(b, instrument, rowTsUs, SignalKind.EXIT, from, PositionState.EXITING, a.reason(), p.id, spread,
                values));
        List<String> venues = new ArrayList<>();
        for (Decision.Leg l : a.legs()) if (!venues.contains(l.venue())) venues.add(l.venue());
        // venues the strategy forgot still get closed: the framework never leaves exposure behind
        for (String v : p.entryVenues) if (!venues.contains(v)) venues.add(v);
        if (!tickets.flatten(b, instrument, p, IntentPurpose.EXIT, a.reason(), venues, decisionTsUs, false, out)) {
            closing.settle(b, instrument, p, decisionTsUs, out);
        }
    }

}

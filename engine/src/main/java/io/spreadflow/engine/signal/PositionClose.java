package io.spreadflow.engine.signal;

import io.spreadflow.schemas.SignalKind;

import java.util.Map;

/**
 * Takes a flat position off the book: its legs are remembered as settled (to recognise repeated
 * reports), its P&amp;L is realized, its trade goes to the {@link TradeTape}, and a loss beyond the
 * limit halts the instrument.
 */
final class PositionClose {

    private final SignalRecords records;
    private final RiskGate risk;
    private final TradeTape tape;
    private final ExitSettlement exits;

    PositionClose(SignalRecords records, RiskGate risk, TradeTape tape, ExitSettlement exits) {
        this.records = records;
        this.risk = risk;
        this.tape = tape;
        this.exits = exits;
    }

    /** An exiting position whose orders are done: closed when flat, else retried or halted ({@link ExitSettlement}). */
    void settle(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Outcome.Builder out) {
        if (exits.settle(b, instrument, p, nowTsUs, out)) close(b, instrument, p, nowTsUs, out);
    }

    /** Removes a flat position, books its P&amp;L and its trade ({@link TradeTape#closed}), and applies the loss limit. */
    void close(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Outcome.Builder out) {
        b.positions.remove(p.id);
        b.intentToPosition.values().removeIf(v -> v == p.id);
        for (LegRecord l : p.legs) b.settle(l.intentId, l.legIndex, l.filled);
        b.changed();
        b.realizedPnl = b.realizedPnl.add(p.bookedPnl());
        b.realizedFees = b.realizedFees.add(p.fees);
        tape.closed(b, instrument, p, nowTsUs, out);
        if (risk.lossLimitReached(b)) {
            b.halted = true;
            b.haltReason = "MAX_LOSS";
            out.signal(records.record(b, instrument, nowTsUs, SignalKind.HALT, null, null, "MAX_LOSS", p.id, Double.NaN,
                    Map.of("realized_pnl_quote", b.realizedPnl.doubleValue())));
        }
        LegTimeouts.recompute(b);
    }
}

package io.spreadflow.engine.signal;

import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.SignalKind;

import java.util.List;

/**
 * Settles an exiting position whose orders are all done: flat, or the rest is sent again to each
 * venue's next book. An attempt that closes part of what is left is progress: a thin book may take
 * many slices. Only {@link #MAX_ATTEMPTS} attempts in a row that fill nothing halt the instrument
 * ({@code EXIT_FAILED}); the position's trade then never comes, and later trades stop waiting for it.
 */
final class ExitSettlement {

    /** Exit attempts in a row that fill nothing before the instrument halts. */
    static final int MAX_ATTEMPTS = 50;

    private final SignalRecords records;
    private final OrderTickets tickets;
    private final TradeTape tape;

    ExitSettlement(SignalRecords records, OrderTickets tickets, TradeTape tape) {
        this.records = records;
        this.tickets = tickets;
        this.tape = tape;
    }

    /** The position's exposure when its exit begins: the first attempt is measured against it. */
    static void begin(PositionRecord p) {
        p.exitLeft = p.exposure();
    }

    /** @return true when the position is flat: the state machine closes it */
    boolean settle(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Outcome.Builder out) {
        List<String> venues = p.venues();
        double eps = p.eps();
        boolean flat = true;
        for (String v : venues) if (Math.abs(p.net(v)) > eps) flat = false;
        if (flat) {
            p.state = PositionState.FLAT;
            out.signal(records.record(b, instrument, nowTsUs, SignalKind.TRANSITION, PositionState.EXITING, PositionState.FLAT,
                    p.strategyClose ? "CLOSED" : "UNWOUND", p.id, Double.NaN, SignalRecords.pnlValues(p)));
            return true;
        }
        double left = p.exposure();
        // only attempts that filled nothing count towards the halt; one that closed a slice starts the count anew
        p.exitAttempts = left < p.exitLeft - eps ? 0 : p.exitAttempts + 1;
        p.exitLeft = left;
        if (p.exitAttempts > MAX_ATTEMPTS) {
            if (!b.halted) {
                b.halted = true;
                b.haltReason = "EXIT_FAILED";
                tape.abandon(b, out, p.id);
                out.signal(records.transition(b, instrument, nowTsUs, SignalKind.HALT, PositionState.EXITING, PositionState.EXITING,
                        "EXIT_FAILED", p));
            }
            return false;
        }
        out.signal(records.transition(b, instrument, nowTsUs, SignalKind.HEDGE, PositionState.EXITING, PositionState.EXITING,
                "EXIT_RETRY", p));
        tickets.flatten(b, instrument, p, IntentPurpose.HEDGE, "EXIT_RETRY", venues, nowTsUs, true, out);
        return false;
    }
}

package io.spreadflow.engine;

import io.spreadflow.engine.signal.SignalMachine;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.Signal;

import java.util.Map;

/**
 * Keeps an instrument's waiting ticks and early reports within their {@link BufferBound}s. A breach halts
 * the instrument (one HALT signal per reason), is counted, and never drops an input unsaid: waiting ticks
 * are processed, an early report given up goes to the dead letters.
 */
final class BufferLimits {

    private final int maxHeldTicks;
    private final int maxEarlyReports;
    private final SignalMachine machine;

    BufferLimits(int maxHeldTicks, int maxEarlyReports, SignalMachine machine) {
        this.maxHeldTicks = maxHeldTicks;
        this.maxEarlyReports = maxEarlyReports;
        this.machine = machine;
    }

    /**
     * Whether one more tick may wait in {@code s}. When not, the instrument halts: the service has left its
     * orders unanswered for {@code max-held-ticks} ticks, and the caller lets the waiting ticks through.
     */
    boolean mayHold(EngineState s, EngineOutput out) {
        if (s.held.size() < maxHeldTicks) return true;
        breach(s, BufferBound.HELD_TICKS_BOUND, s.board.streamTimeUs(),
                Map.of("held_ticks", (double) s.held.size(), "working_legs", s.book.hasWorkingLegs() ? 1.0 : 0.0), out);
        return false;
    }

    /**
     * Keeps {@code r} until its intent is sent. At the bound the oldest kept report makes room: it goes to
     * the dead letters (its fill will not be booked, so the instrument halts for a reconciliation by hand).
     */
    void keepEarly(EngineState s, ExecutionReport r, EngineOutput out) {
        if (s.earlyReports() >= maxEarlyReports) {
            ExecutionReport oldest = s.pollOldestEarly();
            long now = Math.max(s.board.streamTimeUs(), r.getIntentEventTsUs());
            breach(s, BufferBound.EARLY_REPORTS_BOUND, now, Map.of("early_reports", (double) maxEarlyReports), out);
            out.rejected(oldest, BufferBound.EARLY_REPORTS_BOUND + ": max-early-reports " + maxEarlyReports + " reached; the report of "
                    + oldest.getIntentId() + " leg " + oldest.getLegIndex() + " (" + oldest.getStatus() + ", filled " + oldest.getFilledQty()
                    + ") is not applied: its intent was not sent again");
        }
        s.addEarly(r);
    }

    private void breach(EngineState s, BufferBound bound, long tsUs, Map<String, Double> values, EngineOutput out) {
        out.boundHit(bound);
        Signal halt = machine.halt(s.book, s.instrument, tsUs, bound.name(), values);
        if (halt != null) out.signal(halt);
    }
}

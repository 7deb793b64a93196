package io.spreadflow.engine.signal;

import java.util.ArrayList;
import java.util.List;

/**
 * Leg deadlines in event time: every leg sent at decision time t must have its outcome by t + the
 * configured leg timeout, else it is given up (TIMED_OUT) and its position repaired. The book keeps
 * the earliest deadline, so that most ticks pass with one comparison.
 */
final class LegTimeouts {

    private final long legTimeoutUs;

    LegTimeouts(long legTimeoutUs) {
        this.legTimeoutUs = legTimeoutUs;
    }

    /** The deadline of a leg decided at {@code decisionTsUs}; saturates instead of overflowing. */
    long deadline(long decisionTsUs) {
        long r = decisionTsUs + legTimeoutUs;
        return ((decisionTsUs ^ r) & (legTimeoutUs ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** A leg with deadline {@code deadlineUs} went out: the book's earliest deadline may move earlier. */
    static void sent(PositionBook b, long deadlineUs) {
        b.nextDeadlineUs = Math.min(b.nextDeadlineUs, deadlineUs);
    }

    /**
     * Gives up every working leg whose deadline passed at {@code nowTsUs}; each one's waiting order is
     * withdrawn.
     *
     * @return the positions that lost a leg, in entry order
     */
    static List<PositionRecord> expire(PositionBook b, long nowTsUs, Outcome.Builder out) {
        List<PositionRecord> touched = new ArrayList<>();
        if (nowTsUs < b.nextDeadlineUs) return touched;
        for (PositionRecord p : b.positions.values()) {
            boolean any = false;
            for (LegRecord l : p.legs) {
                if (l.working() && l.deadlineUs <= nowTsUs) {
                    l.status = LegRecord.Status.TIMED_OUT;
                    out.withdraw(l.intentId, l.legIndex);
                    any = true;
                }
            }
            if (any) touched.add(p);
        }
        return touched;
    }

    /** Sets the book's earliest deadline from the legs still working. */
    static void recompute(PositionBook b) {
        long d = Long.MAX_VALUE;
        for (PositionRecord p : b.positions.values()) {
            for (LegRecord l : p.legs) if (l.working() && l.deadlineUs < d) d = l.deadlineUs;
        }
        b.nextDeadlineUs = d;
    }
}

package io.spreadflow.engine.signal;

import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the {@link Signal} records of one strategy: each step of the state machine gets the next
 * signal sequence of its instrument's book, and only finite decision values travel (NaN means "not
 * known at this row", which the record leaves out rather than carrying).
 */
final class SignalRecords {

    private final String strategyId;

    SignalRecords(String strategyId) {
        this.strategyId = strategyId;
    }

    /**
     * The next signal of {@code b}.
     *
     * @param from   state before, or null for a signal that is no transition
     * @param spread the combined spread of the row that decided, NaN when no row did
     */
    Signal record(PositionBook b, String instrument, long tsUs, SignalKind kind, PositionState from, PositionState to,
                  String reason, Long positionId, double spread, Map<String, Double> values) {
        long seq = ++b.signalSequence;
        Map<String, Double> v = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getValue() != null && Double.isFinite(e.getValue())) v.put(e.getKey(), e.getValue());
        }
        return Signal.newBuilder()
                .setInstrument(instrument)
                .setStrategyId(strategyId)
                .setEventTsUs(tsUs)
                .setSequence(seq)
                .setKind(kind)
                .setFromState(from == null ? null : from.name())
                .setToState(to == null ? null : to.name())
                .setReason(reason)
                .setPositionId(positionId)
                .setSpreadPct(Double.isFinite(spread) ? spread : null)
                .setIndicators(v)
                .build();
    }

    /** A state change of position {@code p} not decided by a row. */
    Signal transition(PositionBook b, String instrument, long tsUs, SignalKind kind, PositionState from, PositionState to,
                      String reason, PositionRecord p) {
        return record(b, instrument, tsUs, kind, from, to, reason, p.id, Double.NaN, Map.of());
    }

    /** A refused or ignored action of the strategy: a HOLD signal, {@code <KIND>_REFUSED_<reason>}. */
    Signal refusal(PositionBook b, String instrument, Decision.Action a, String reason, long rowTsUs, double spread,
                   Map<String, Double> values) {
        return record(b, instrument, rowTsUs, SignalKind.HOLD, null, null, a.kind() + "_REFUSED_" + reason, a.positionId(),
                spread, values);
    }

    /** The booked P&amp;L and fees of a position, for the signal that closes it. */
    static Map<String, Double> pnlValues(PositionRecord p) {
        return Map.of("pnl_quote", p.bookedPnl().doubleValue(), "fees_quote", p.fees.doubleValue());
    }
}

package io.spreadflow.engine;

import io.spreadflow.engine.indicator.IndicatorSet;
import io.spreadflow.engine.market.MarketRow;
import io.spreadflow.engine.signal.Outcome;
import io.spreadflow.engine.signal.SignalMachine;
import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.engine.strategy.PositionSize;
import io.spreadflow.engine.strategy.SignalStrategy;
import io.spreadflow.engine.strategy.ValidationResult;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reviews one action the strategy decided on a row: the strategy's own validation, its sizing (the
 * configured notional when it names none), the risk gate, and then the state machine's transition; a
 * refusal at any step is the machine's HOLD signal with the reason.
 */
final class ActionReview {

    @SuppressWarnings("rawtypes")
    private final SignalStrategy strategy;
    private final SignalMachine machine;
    private final MarketRow row;
    private final double defaultNotional;

    ActionReview(SignalStrategy<?> strategy, SignalMachine machine, MarketRow row, double defaultNotional) {
        this.strategy = strategy;
        this.machine = machine;
        this.row = row;
        this.defaultNotional = defaultNotional;
    }

    /** What the state machine makes of one action of the strategy, after validation, sizing and the risk gate. */
    @SuppressWarnings("unchecked")
    Outcome decide(EngineState s, Decision.Action a, long rowTsUs, long decisionTsUs) {
        double spread = row.combinedSpread();
        Map<String, Double> values = values(a, s.indicators);
        if (a.kind() == Decision.Kind.EXIT) {
            ValidationResult vr = strategy.validateExit(s.strategyState, a, s.book, row);
            if (!vr.accepted()) {
                return machine.refuse(s.book, s.instrument, a, "VALIDATION " + vr.reason(), rowTsUs, spread, values);
            }
            return machine.exit(s.book, s.instrument, a, rowTsUs, decisionTsUs, spread, values);
        }
        Decision.Action sized = Double.isNaN(a.sizeQuote())
                ? new Decision.Action(a.kind(), a.positionId(), a.reason(), a.legs(), defaultNotional, a.values(), a.tradeRow())
                : a;
        ValidationResult vr = strategy.validateEntry(s.strategyState, sized, row);
        if (!vr.accepted()) {
            return machine.refuse(s.book, s.instrument, a, "VALIDATION " + vr.reason(), rowTsUs, spread, values);
        }
        PositionSize size;
        try {
            size = strategy.size(s.strategyState, sized, s.ledger.balances());
        } catch (IllegalArgumentException e) {
            return machine.refuse(s.book, s.instrument, a, "SIZE " + e.getMessage(), rowTsUs, spread, values);
        }
        String refusal = machine.refuseEntry(s.book, size.quoteNotional(), rowTsUs);
        if (refusal != null) {
            return machine.refuse(s.book, s.instrument, a, refusal, rowTsUs, spread, values);
        }
        return machine.enter(s.book, s.instrument, sized, size, rowTsUs, decisionTsUs, spread, values);
    }

    private static Map<String, Double> values(Decision.Action a, IndicatorSet ind) {
        Map<String, Double> m = new LinkedHashMap<>(a.values());
        for (int i = 0; i < ind.size(); i++) m.putIfAbsent(ind.name(i), ind.value(i));
        return m;
    }
}

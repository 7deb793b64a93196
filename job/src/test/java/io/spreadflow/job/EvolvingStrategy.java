package io.spreadflow.job;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.signal.PositionState;
import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.engine.strategy.MarketView;
import io.spreadflow.engine.strategy.OpenPosition;
import io.spreadflow.engine.strategy.ParameterSpec;
import io.spreadflow.engine.strategy.PositionView;
import io.spreadflow.engine.strategy.SignalStrategy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A strategy in two versions, for state-evolution tests: {@code state_version: 1} keeps the state as an
 * earlier release did ({@link Stat1}), version 2 the current {@link State}, which gained the field
 * {@code tag}. The class names have the same length, so a test turns bytes written by version 1 into
 * bytes of the earlier {@code State} by renaming the class in place. Enters while the combined spread
 * is below {@code enter_below} (up to {@code max_stack} positions), exits all above {@code exit_above}.
 */
public final class EvolvingStrategy implements SignalStrategy<Serializable> {

    public static final String ID = "evolving";

    static final ParameterSpec ENTER = ParameterSpec.ofDouble("enter_below", -1.0, null, null, "enter below");
    static final ParameterSpec EXIT = ParameterSpec.ofDouble("exit_above", 0.0, null, null, "exit above");
    static final ParameterSpec STACK = ParameterSpec.ofInt("max_stack", 2, 1, null, "positions at once");
    static final ParameterSpec VERSION = ParameterSpec.ofInt("state_version", 2, 1, 2, "which version of the state to keep");

    /** The state of version 1. */
    static final class Stat1 implements Serializable {
        double enter;
        double exit;
        int stack;
        long nextId = 1;
    }

    /** The state of version 2: {@code tag} is new; a state stored by version 1 restores with its initializer's value. */
    static final class State implements Serializable {
        double enter;
        double exit;
        int stack;
        long nextId = 1;
        String tag = "DEFAULT";

        State() {
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ENTER, EXIT, STACK, VERSION);
    }

    @Override
    public Serializable initialState(StrategyConfig c) {
        if (c.getInt(VERSION) == 1) {
            Stat1 s = new Stat1();
            s.enter = c.getDouble(ENTER);
            s.exit = c.getDouble(EXIT);
            s.stack = c.getInt(STACK);
            return s;
        }
        State s = new State();
        s.enter = c.getDouble(ENTER);
        s.exit = c.getDouble(EXIT);
        s.stack = c.getInt(STACK);
        return s;
    }

    @Override
    public Decision onMarket(Serializable st, MarketView m, PositionView positions) {
        boolean v2 = st instanceof State;
        State s2 = v2 ? (State) st : null;
        Stat1 s1 = v2 ? null : (Stat1) st;
        double enter = v2 ? s2.enter : s1.enter;
        double exit = v2 ? s2.exit : s1.exit;
        int stack = v2 ? s2.stack : s1.stack;
        String suffix = v2 ? " " + s2.tag : "";
        double s = m.combinedSpread();
        List<Decision.Action> actions = new ArrayList<>();
        if (s > exit) {
            for (OpenPosition p : positions.positions()) {
                if (p.state() == PositionState.OPEN || p.state() == PositionState.ENTERING) {
                    actions.add(Decision.Action.exit(p.positionId(), "ABOVE" + suffix, List.of(), Map.of("s", s), null));
                }
            }
        } else if (s < enter && positions.openCount() < stack) {
            long id = v2 ? s2.nextId++ : s1.nextId++;
            actions.add(Decision.Action.enter(id, "BELOW" + suffix,
                    List.of(Decision.Leg.buy(m.venues().spotA(), m.spotAsk(0)), Decision.Leg.sell(m.venues().futures(), m.futuresBid())),
                    Double.NaN, Map.of("s", s)));
        }
        return Decision.of(actions);
    }
}

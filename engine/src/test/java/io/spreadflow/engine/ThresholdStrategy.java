package io.spreadflow.engine;

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
 * A strategy that trusts the framework's positions: while the combined spread is below
 * {@code enter_below} it opens one more position per row (up to {@code max_stack}), buying spot A and
 * selling the futures; when the spread is above {@code exit_above} it closes every open position.
 */
public final class ThresholdStrategy implements SignalStrategy<ThresholdStrategy.State> {

    public static final String ID = "threshold";

    /**
     * This strategy on {@code instrument} over one spot and one futures venue, executed through the service: enter
     * below a spread of −1, exit above 0, up to 3 positions, legs timing out after 30 s, no ticks held.
     */
    public static io.spreadflow.engine.config.StrategyConfigBuilder viaService(String instrument, String spot, String futures) {
        return StrategyConfig.builder(ID)
                .instrument(instrument)
                .venues(List.of(spot), futures)
                .param("enter_below", -1.0)
                .param("exit_above", 0.0)
                .param("max_stack", 3)
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withMode(StrategyConfig.ExecutionMode.SERVICE)
                        .withLegTimeout(java.time.Duration.ofSeconds(30)).withMaxHeldTicks(0));
    }
    static final ParameterSpec ENTER = ParameterSpec.ofDouble("enter_below", -1.0, null, null, "enter below");
    static final ParameterSpec EXIT = ParameterSpec.ofDouble("exit_above", 0.0, null, null, "exit above");
    static final ParameterSpec STACK = ParameterSpec.ofInt("max_stack", 1, 1, null, "positions at once");

    /** Parameters and the next position id. */
    public static final class State implements Serializable {
        final double enter;
        final double exit;
        final int stack;
        long nextId = 1;

        State(StrategyConfig c) {
            enter = c.getDouble(ENTER);
            exit = c.getDouble(EXIT);
            stack = c.getInt(STACK);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ENTER, EXIT, STACK);
    }

    @Override
    public State initialState(StrategyConfig config) {
        return new State(config);
    }

    @Override
    public Decision onMarket(State st, MarketView m, PositionView positions) {
        double s = m.combinedSpread();
        List<Decision.Action> actions = new ArrayList<>();
        if (s > st.exit) {
            for (OpenPosition p : positions.positions()) {
                if (p.state() == PositionState.OPEN || p.state() == PositionState.ENTERING) {
                    actions.add(Decision.Action.exit(p.positionId(), "ABOVE", List.of(), Map.of("s", s), null));
                }
            }
        } else if (s < st.enter && positions.openCount() < st.stack) {
            actions.add(Decision.Action.enter(st.nextId++, "BELOW",
                    List.of(Decision.Leg.buy(m.venues().spotA(), m.spotAsk(0)), Decision.Leg.sell(m.venues().futures(), m.futuresBid())),
                    Double.NaN, Map.of("s", s)));
        }
        return Decision.of(actions);
    }
}

package io.spreadflow.engine.strategies;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.strategy.IndicatorSpec;
import io.spreadflow.engine.strategy.ParameterSpec;

import java.util.List;

/**
 * The rolling standard deviation of the combined spread that the rdn and svh ports gate their entries
 * on, as the reference computes it: its window parameter, and the indicator the framework keeps for it
 * under {@link #NAME}, which is also the key of its value in decision details.
 */
public final class CombinedSpreadVolatility {

    public static final String NAME = "volatility";

    public static final ParameterSpec WINDOW = ParameterSpec.ofInt("volatility_window", 20, 2, null,
            "rows in the rolling std of the combined spread");

    private CombinedSpreadVolatility() {
    }

    /** The one indicator of a strategy that reads the volatility, over the configured window. */
    public static List<IndicatorSpec> indicators(StrategyConfig config) {
        return List.of(IndicatorSpec.rollingStd(NAME, IndicatorSpec.Series.COMBINED_SPREAD, config.getInt(WINDOW)));
    }
}

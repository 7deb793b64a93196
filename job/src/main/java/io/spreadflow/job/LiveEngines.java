package io.spreadflow.job;

import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.config.StrategyConfig;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The strategy configuration of the live loop: the one {@link EngineConfigs} reads, with execution
 * through the service. Read where the job is built; it travels in the job graph as data.
 */
public final class LiveEngines {

    private LiveEngines() {}

    /** Builds, in each parallel instance, the engine of a configuration whose intents go to the execution service. */
    public record ViaService(StrategyConfig config) implements EngineFactory {
        public ViaService {
            config = viaService(config);
        }

        @Override
        public InstrumentEngine create() {
            return InstrumentEngine.of(config);
        }
    }

    /** {@code config} with the execution service filling its intents. */
    public static StrategyConfig viaService(StrategyConfig config) {
        return config.toBuilder().execution(config.execution().withMode(StrategyConfig.ExecutionMode.SERVICE)).build();
    }

    /** The taker fee rates of a configuration, for an execution service that should charge what the strategy expects. */
    public static Map<String, BigDecimal> takerFees(StrategyConfig config) {
        Map<String, BigDecimal> m = new java.util.LinkedHashMap<>();
        config.fees().forEach((venue, f) -> m.put(venue, f.taker()));
        return m;
    }
}

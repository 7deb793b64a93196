package io.spreadflow.job;

import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.config.StrategyConfig;
import org.apache.flink.configuration.ReadableConfig;

import java.math.BigDecimal;
import java.nio.file.Path;
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

    /** The engine factory of the configured file, or of the built-in demo configuration, with execution through the service. */
    public static EngineFactory engineFactory(ReadableConfig options) {
        return new ViaService(config(options));
    }

    /** The configured strategy file, or the built-in demo configuration ({@link EngineConfigs#demo()}), with execution through the service. */
    public static StrategyConfig config(ReadableConfig options) {
        return viaService(options.getOptional(JobOptions.STRATEGY_CONFIG).map(f -> EngineConfigs.load(Path.of(f))).orElseGet(EngineConfigs::demo));
    }

    /** The taker fee rates of a configuration, for an execution service that should charge what the strategy expects. */
    public static Map<String, BigDecimal> takerFees(StrategyConfig config) {
        Map<String, BigDecimal> m = new java.util.LinkedHashMap<>();
        config.fees().forEach((venue, f) -> m.put(venue, f.taker()));
        return m;
    }
}

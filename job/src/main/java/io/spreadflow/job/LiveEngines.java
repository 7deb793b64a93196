package io.spreadflow.job;

import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.config.StrategyConfigLoader;
import io.spreadflow.engine.strategy.StrategyRegistry;
import org.apache.flink.configuration.ReadableConfig;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The strategy configuration of the live loop, with execution through the service: the YAML file named
 * by {@link JobOptions#STRATEGY_CONFIG}, or the built-in configuration for the synthetic market. Read
 * where the job is built; it travels in the job graph as data.
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

    /** The engine factory of the configured file, or of {@link #syntheticMarket()}. */
    public static EngineFactory engineFactory(ReadableConfig options) {
        return new ViaService(config(options));
    }

    /** The configured strategy file, or {@link #syntheticMarket()}. */
    public static StrategyConfig config(ReadableConfig options) {
        return options.getOptional(JobOptions.STRATEGY_CONFIG)
                .map(file -> new StrategyConfigLoader(StrategyRegistry.load()).load(Path.of(file)))
                .orElseGet(LiveEngines::syntheticMarket);
    }

    /**
     * rdn on every instrument of the synthetic market (spot {@code synth-spot}, futures
     * {@code synth-futures}), 1-second bars and the reference thresholds (enter below −2.5 %, exit above
     * −0.3 %), which the market's dislocations of −3 % to −4.5 % cross every 10–30 s; taker fees of
     * 0.05 %, 1,000 USDT per position, one position per instrument at a time.
     */
    public static StrategyConfig syntheticMarket() {
        return StrategyConfig.builder("rdn")
                .venues(List.of(SyntheticMarket.SPOT), SyntheticMarket.FUTURES)
                .multiSpot(false)
                .barSeconds(1)
                .fee(SyntheticMarket.SPOT, StrategyConfig.VenueFees.of("0.0", "0.0005"))
                .fee(SyntheticMarket.FUTURES, StrategyConfig.VenueFees.of("0.0002", "0.0005"))
                .sizing(new StrategyConfig.Sizing(new BigDecimal("1000"),
                        Map.of(SyntheticMarket.SPOT, new BigDecimal("100000"), SyntheticMarket.FUTURES, new BigDecimal("100000"))))
                .risk(new StrategyConfig.RiskLimits(new BigDecimal("5000"), 1, BigDecimal.ZERO, Duration.ZERO))
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withMode(StrategyConfig.ExecutionMode.SERVICE))
                .build();
    }

    /** The taker fee rates of a configuration, for an execution service that should charge what the strategy expects. */
    public static Map<String, BigDecimal> takerFees(StrategyConfig config) {
        Map<String, BigDecimal> m = new java.util.LinkedHashMap<>();
        config.fees().forEach((venue, f) -> m.put(venue, f.taker()));
        return m;
    }
}

package io.spreadflow.job;

import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.accounting.FundingSchedule;
import io.spreadflow.engine.config.StrategyConfig;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way the job builds engines. It travels inside the job graph as data — the strategy
 * configuration of each parameter set (one for a live job or a backtest, several for a sweep) and the
 * funding rates to book — and builds the engines inside each parallel instance, so TaskManagers never
 * need a configuration file and engines need not be serializable.
 *
 * <p>The configurations come from the YAML file ({@link EngineConfigs#load}) or from command-line flags
 * ({@code io.spreadflow.backtest.BacktestConfigs}); whether fills come from the in-job fill model or
 * from the execution service is each configuration's {@code execution.mode}, the engine's execution port.
 *
 * @param parameterSets one strategy configuration per parameter set; index = {@code EngineInput.paramSet}
 * @param funding       funding rates booked on perpetual positions ({@link FundingSchedule#NONE}: none)
 */
public record EngineFactory(List<StrategyConfig> parameterSets, FundingSchedule funding) implements Serializable {

    public EngineFactory {
        parameterSets = List.copyOf(parameterSets);
        if (parameterSets.isEmpty()) throw new IllegalArgumentException("no strategy configuration");
        if (funding == null) funding = FundingSchedule.NONE;
        if (parameterSets.size() > 1) {
            for (StrategyConfig c : parameterSets) {
                if (c.execution().mode() == StrategyConfig.ExecutionMode.SERVICE) {
                    // reports come back keyed by instrument only: they could not find their parameter set
                    throw new IllegalArgumentException("a sweep fills in the job: execution.mode 'service' needs a single parameter set");
                }
            }
        }
    }

    /** The engine of one configuration, without funding. */
    public static EngineFactory of(StrategyConfig config) {
        return new EngineFactory(List.of(config), FundingSchedule.NONE);
    }

    /** One engine per parameter set of a sweep. */
    public static EngineFactory sweep(List<StrategyConfig> parameterSets) {
        return new EngineFactory(parameterSets, FundingSchedule.NONE);
    }

    public EngineFactory withFunding(FundingSchedule rates) {
        return new EngineFactory(parameterSets, rates);
    }

    /** The same engines with the execution service filling their intents (the live loop). */
    public EngineFactory viaService() {
        List<StrategyConfig> out = new ArrayList<>();
        for (StrategyConfig c : parameterSets) {
            out.add(c.toBuilder().execution(c.execution().withMode(StrategyConfig.ExecutionMode.SERVICE)).build());
        }
        return new EngineFactory(out, funding);
    }

    /** The same engines with intent ids in run {@code epoch} ({@code io.spreadflow.engine.signal.IntentId}). */
    public EngineFactory withRunEpoch(long epoch) {
        List<StrategyConfig> out = new ArrayList<>();
        for (StrategyConfig c : parameterSets) out.add(c.toBuilder().execution(c.execution().withRunEpoch(epoch)).build());
        return new EngineFactory(out, funding);
    }

    /** The configuration of a single-set factory (live jobs, plain backtests). */
    public StrategyConfig config() {
        return parameterSets.get(0);
    }

    public int size() {
        return parameterSets.size();
    }

    /** Whether the engines leave execution to the service, whose reports the workflow must then read back. */
    public boolean fillsViaService() {
        return config().execution().mode() == StrategyConfig.ExecutionMode.SERVICE;
    }

    /** Whether parameter set {@code set} trades {@code instrument}: a configuration that lists no instruments trades every one. */
    public boolean trades(int set, String instrument) {
        List<String> listed = parameterSets.get(set).instruments();
        return listed.isEmpty() || listed.contains(instrument);
    }

    /** A new engine for parameter set {@code set}, for one thread. */
    public InstrumentEngine create(int set) {
        return DefaultInstrumentEngine.create(parameterSets.get(set), funding);
    }

    /** The taker fee rates of the configuration, for an execution service that should charge what the strategy expects. */
    public Map<String, BigDecimal> takerFees() {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        config().fees().forEach((venue, f) -> m.put(venue, f.taker()));
        return m;
    }
}

package io.spreadflow.engine.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link StrategyConfig}; every setting starts at its documented default. */
public final class StrategyConfigBuilder {
    final String strategyId;
    List<String> instruments = new ArrayList<>();
    StrategyConfig.VenueRoles venues;
    StrategyConfig.MultiSpot multiSpot = StrategyConfig.MultiSpot.MEAN;
    Map<String, StrategyConfig.VenueFees> fees = new LinkedHashMap<>();
    int barSeconds = 0;
    Duration staleAfter = Duration.ZERO;
    Duration maxTickSkew = Duration.ofHours(1);
    Map<String, Object> params = new LinkedHashMap<>();
    StrategyConfig.Sizing sizing = StrategyConfig.Sizing.DEFAULT;
    StrategyConfig.RiskLimits risk = StrategyConfig.RiskLimits.NONE;
    StrategyConfig.ExecutionSettings execution = StrategyConfig.ExecutionSettings.DEFAULT;

    StrategyConfigBuilder(String strategyId) {
        this.strategyId = strategyId;
    }

    /** Instruments; default none (the engine then serves any instrument it is given). */
    public StrategyConfigBuilder instruments(List<String> v) { instruments = new ArrayList<>(v); return this; }

    public StrategyConfigBuilder instrument(String v) { instruments.add(v); return this; }

    /** Venue roles; required. */
    public StrategyConfigBuilder venues(StrategyConfig.VenueRoles v) { venues = v; return this; }

    public StrategyConfigBuilder venues(List<String> spot, String futures) { venues = new StrategyConfig.VenueRoles(spot, futures); return this; }

    /** Default {@link StrategyConfig.MultiSpot#MEAN}: the combined spread averages every spot venue. */
    public StrategyConfigBuilder multiSpot(StrategyConfig.MultiSpot v) { multiSpot = java.util.Objects.requireNonNull(v, "multiSpot"); return this; }

    /** {@code true} is {@link StrategyConfig.MultiSpot#MEAN}, {@code false} {@link StrategyConfig.MultiSpot#SPOT_A}. */
    public StrategyConfigBuilder multiSpot(boolean v) { return multiSpot(v ? StrategyConfig.MultiSpot.MEAN : StrategyConfig.MultiSpot.SPOT_A); }

    /** Fee table; default empty (zero fees). */
    public StrategyConfigBuilder fees(Map<String, StrategyConfig.VenueFees> v) { fees = new LinkedHashMap<>(v); return this; }

    public StrategyConfigBuilder fee(String venue, StrategyConfig.VenueFees v) { fees.put(venue, v); return this; }

    /** Default 0: every tick is a row. */
    public StrategyConfigBuilder barSeconds(int v) { barSeconds = v; return this; }

    /** Default zero: quotes never go stale. */
    public StrategyConfigBuilder staleAfter(Duration v) { staleAfter = v; return this; }

    /** Default one hour. */
    public StrategyConfigBuilder maxTickSkew(Duration v) { maxTickSkew = v; return this; }

    /** Parameters; default none (every parameter at its reference default). */
    public StrategyConfigBuilder params(Map<String, ?> v) { params = new LinkedHashMap<>(v); return this; }

    public StrategyConfigBuilder param(String name, Object value) { params.put(name, value); return this; }

    /** Default {@link StrategyConfig.Sizing#DEFAULT}: 1000 quote per position, zero starting balances. */
    public StrategyConfigBuilder sizing(StrategyConfig.Sizing v) { sizing = v; return this; }

    /** Default {@link StrategyConfig.RiskLimits#NONE}. */
    public StrategyConfigBuilder risk(StrategyConfig.RiskLimits v) { risk = v; return this; }

    /** Default {@link StrategyConfig.ExecutionSettings#DEFAULT}: in-job fills, no latency, 5 s leg timeout, unwind. */
    public StrategyConfigBuilder execution(StrategyConfig.ExecutionSettings v) { execution = v; return this; }

    public StrategyConfig build() {
        if (venues == null) throw new IllegalArgumentException("strategy '" + strategyId + "': no venues configured");
        return new StrategyConfig(strategyId, instruments, venues, multiSpot, fees, barSeconds, staleAfter,
                maxTickSkew, params, sizing, risk, execution);
    }
}

package com.example.basis;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.signal.PositionState;
import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.engine.strategy.Decision.Action;
import io.spreadflow.engine.strategy.Decision.Leg;
import io.spreadflow.engine.strategy.MarketView;
import io.spreadflow.engine.strategy.OpenPosition;
import io.spreadflow.engine.strategy.ParameterSpec;
import io.spreadflow.engine.strategy.PositionView;
import io.spreadflow.engine.strategy.SignalStrategy;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Basis mean reversion between one spot venue (spot A) and the futures venue. The net spread is the
 * entry spread minus the taker fees of both legs (fee table, in percent); its EWMA mean and standard deviation over
 * the previous rows give a z-score. Beyond {@code entry_z} standard deviations it trades the basis back
 * towards the mean: above, the basis is rich (sell futures, buy spot); below, it is cheap (buy futures,
 * sell spot). A position exits on a stop-loss, when z is back at {@code exit_z} (the mean), or after
 * {@code max_holding_hours}.
 */
public final class BasisReversionStrategy implements SignalStrategy<BasisReversionStrategy.State> {

    static final ParameterSpec ALPHA = ParameterSpec.ofDouble("ewma_alpha", 0.05, 1e-6, 1.0,
            "smoothing factor of the EWMA mean and variance of the net spread (per row)");
    static final ParameterSpec ENTRY_Z = ParameterSpec.ofDouble("entry_z", 2.0, 0.0, 100.0,
            "enter when the net spread lies more than this many standard deviations from its mean");
    static final ParameterSpec EXIT_Z = ParameterSpec.ofDouble("exit_z", 0.0, 0.0, 100.0,
            "exit when the z-score is back within this distance of the mean (0: at the mean)");
    static final ParameterSpec STOP_LOSS = ParameterSpec.ofDouble("stop_loss_pct", 0.5, 0.0, 100.0,
            "exit when the spread moved this many percentage points against the position");
    static final ParameterSpec MAX_HOURS = ParameterSpec.ofDouble("max_holding_hours", 24.0, 0.0, 1e6,
            "exit when a position has been held longer than this");
    static final ParameterSpec WARMUP = ParameterSpec.ofInt("warmup_rows", 100, 2, 1_000_000_000,
            "rows that only feed the mean and variance before the first entry");

    /** Per instrument: the settings it was created with and the EWMA of the net spread. */
    public static final class State implements Serializable {
        final double alpha, entryZ, exitZ, stopLoss, maxHours, feePct;
        final int warmup;
        double mean, variance;
        long rows, nextId = 1;

        State(StrategyConfig c, double feePct) {
            alpha = c.getDouble(ALPHA);
            entryZ = c.getDouble(ENTRY_Z);
            exitZ = c.getDouble(EXIT_Z);
            stopLoss = c.getDouble(STOP_LOSS);
            maxHours = c.getDouble(MAX_HOURS);
            warmup = c.getInt(WARMUP);
            this.feePct = feePct;
        }
    }

    @Override
    public String id() {
        return "basis";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ALPHA, ENTRY_Z, EXIT_Z, STOP_LOSS, MAX_HOURS, WARMUP);
    }

    @Override
    public State initialState(StrategyConfig c) {
        StrategyConfig.VenueRoles v = c.venues();
        double fees = c.feesOf(v.spotA()).taker().add(c.feesOf(v.futures()).taker()).doubleValue() * 100;
        return new State(c, fees);
    }

    @Override
    public Decision onMarket(State s, MarketView m, PositionView positions) {
        double net = m.combinedSpread() - s.feePct;
        if (Double.isNaN(net)) return Decision.HOLD;
        double z = (net - s.mean) / Math.sqrt(s.variance);
        Map<String, Double> values = Map.of("net_spread", net, "mean", s.mean, "z", z);
        Decision d = Decision.HOLD;
        if (!positions.isFlat()) {
            OpenPosition p = positions.positions().get(0);
            if (p.state() == PositionState.OPEN) d = exit(s, m, p, net, z, values);
        } else if (s.rows >= s.warmup && Math.abs(z) > s.entryZ) {
            String spot = m.venues().spotA(), futures = m.venues().futures();
            List<Leg> legs = z > 0
                    ? List.of(Leg.buy(spot, m.spotAsk(0)), Leg.sell(futures, m.futuresBid()))
                    : List.of(Leg.sell(spot, m.spotBid(0)), Leg.buy(futures, m.futuresAsk()));
            d = Decision.of(Action.enter(s.nextId++, z > 0 ? "BASIS_RICH" : "BASIS_CHEAP", legs, Double.NaN, values));
        }
        double diff = net - s.mean;
        s.mean = s.rows == 0 ? net : s.mean + s.alpha * diff;
        s.variance = s.rows++ == 0 ? 0 : (1 - s.alpha) * (s.variance + s.alpha * diff * diff);
        return d;
    }

    private static Decision exit(State s, MarketView m, OpenPosition p, double net, double z, Map<String, Double> values) {
        int side = p.entryReason().equals("BASIS_RICH") ? 1 : -1;
        double entryNet = p.entrySpread() - s.feePct;
        double hours = (m.timeUs() - p.entryTsUs()) / 1e6 / 3600;
        String reason = side * (net - entryNet) > s.stopLoss ? "STOP_LOSS"
                : side * z <= s.exitZ ? "MEAN_REVERTED"
                : hours > s.maxHours ? "MAX_TIME" : null;
        if (reason == null) return Decision.HOLD;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("position_id", p.positionId());
        row.put("direction", p.entryReason());
        row.put("entry_time_us", p.entryTsUs());
        row.put("exit_time_us", m.timeUs());
        row.put("entry_net_spread_pct", entryNet);
        row.put("exit_net_spread_pct", net);
        row.put("exit_z", z);
        row.put("exit_reason", reason);
        row.put("pnl_pct", side * (entryNet - net) - 2 * s.feePct);
        return Decision.of(Action.exit(p.positionId(), reason, List.of(), values, row));
    }
}

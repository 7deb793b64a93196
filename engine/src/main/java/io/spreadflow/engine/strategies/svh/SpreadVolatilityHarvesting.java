package io.spreadflow.engine.strategies.svh;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.strategies.CombinedSpreadVolatility;
import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.engine.strategy.IndicatorSpec;
import io.spreadflow.engine.strategy.MarketView;
import io.spreadflow.engine.strategy.ParameterSpec;
import io.spreadflow.engine.strategy.PositionView;
import io.spreadflow.engine.strategy.SignalStrategy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spread volatility harvesting ({@code svh}), the reference backtest's port: in a moderately or
 * extremely negative spread regime with enough volatility, stack up to {@code max_positions} positions
 * that profit when the spread rises (long futures at its ask, short spot A at its bid); each row first
 * closes positions (compression, holding time, emergency), then may open one. P&L is the spread change
 * times the regime weight, in percentage points. Rows without a defined volatility are skipped.
 *
 * <p>Under {@code multi-spot: cheapest} an entry sells spot on the venue with the highest bid of its
 * row; that position's spread is then its venue's own ({@code MarketView#heldSpread}), for its exits and
 * its P&L, and it is bought back there.
 */
public final class SpreadVolatilityHarvesting implements SignalStrategy<SpreadVolatilityHarvesting.State> {

    public static final String ID = "svh";
    static final String VOLATILITY = CombinedSpreadVolatility.NAME;
    public static final String EXTREME = "EXTREME_NEGATIVE";
    public static final String MODERATE = "MODERATE_NEGATIVE";
    public static final String NORMAL = "NORMAL";
    public static final String NORMAL_TO_POSITIVE = "NORMAL_TO_POSITIVE";

    public static final ParameterSpec WINDOW = CombinedSpreadVolatility.WINDOW;
    public static final ParameterSpec VOL_THRESHOLD = ParameterSpec.ofDouble("volatility_threshold", 1.0, 0.0, null,
            "enter only when the rolling std is above this");
    public static final ParameterSpec EXTREME_T = ParameterSpec.ofDouble("extreme_negative_threshold", -5.0, null, null,
            "combined spread below this is the EXTREME_NEGATIVE regime (weight 0.5)");
    public static final ParameterSpec MODERATE_T = ParameterSpec.ofDouble("moderate_negative_threshold", -2.0, null, null,
            "combined spread below this (and not extreme) is MODERATE_NEGATIVE (weight 1.0)");
    public static final ParameterSpec EXIT_T = ParameterSpec.ofDouble("exit_compression_threshold", -0.5, null, null,
            "close every position (COMPRESSION) when the combined spread is above this");
    public static final ParameterSpec BASE_SIZE = ParameterSpec.ofDouble("position_size_base_usd", 1000.0, 0.0, null,
            "position size before regime weight and volatility scaling, USD");
    public static final ParameterSpec MAX_POSITIONS = ParameterSpec.ofInt("max_positions", 3, 1, null,
            "most positions open at once");
    public static final ParameterSpec TAIL_COST = ParameterSpec.ofDouble("tail_hedge_cost", 0.01, 0.0, null,
            "percent charged to the cumulative P&L every tail_hedge_every_n_rows rows");
    public static final ParameterSpec FEES = ParameterSpec.ofDouble("total_fees", 0.0067, 0.0, null,
            "round-trip fees as a fraction, subtracted from each trade's P&L");
    public static final ParameterSpec MAX_HOURS = ParameterSpec.ofDouble("max_holding_hours", 24.0, 0.0, null,
            "close a position (MAX_TIME) held longer than this");
    public static final ParameterSpec EMERGENCY_T = ParameterSpec.ofDouble("emergency_exit_spread", -7.0, null, null,
            "close every position (EMERGENCY) when the combined spread is below this");
    public static final ParameterSpec NTP_T = ParameterSpec.ofDouble("normal_to_positive_threshold", -0.5, null, null,
            "combined spread at or above this is NORMAL_TO_POSITIVE, overriding the other regimes");
    public static final ParameterSpec TAIL_EVERY = ParameterSpec.ofInt("tail_hedge_every_n_rows", 8640, 1, null,
            "rows between tail-hedge charges");

    private static final List<ParameterSpec> PARAMS = List.of(WINDOW, VOL_THRESHOLD, EXTREME_T, MODERATE_T, EXIT_T,
            BASE_SIZE, MAX_POSITIONS, TAIL_COST, FEES, MAX_HOURS, EMERGENCY_T, NTP_T, TAIL_EVERY);

    /** One stacked position of the reference's own bookkeeping. */
    record Held(long id, long entryTimeUs, double entrySpread, String regime, double size, double weight, int spot)
            implements Serializable {
    }

    /** Parameters, the stacked positions and the cumulative P&L (with tail-hedge charges). */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        final double volThreshold, extreme, moderate, exit, base, tailCost, fees, maxHours, emergency, ntp;
        final int maxPositions, tailEvery;
        final ArrayList<Held> held = new ArrayList<>();
        long nextId = 1;
        double cumulativePnlPct;

        State(StrategyConfig c) {
            volThreshold = c.getDouble(VOL_THRESHOLD);
            extreme = c.getDouble(EXTREME_T);
            moderate = c.getDouble(MODERATE_T);
            exit = c.getDouble(EXIT_T);
            base = c.getDouble(BASE_SIZE);
            tailCost = c.getDouble(TAIL_COST);
            fees = c.getDouble(FEES);
            maxHours = c.getDouble(MAX_HOURS);
            emergency = c.getDouble(EMERGENCY_T);
            ntp = c.getDouble(NTP_T);
            maxPositions = c.getInt(MAX_POSITIONS);
            tailEvery = c.getInt(TAIL_EVERY);
        }

        /** Sum of closed trades' P&L minus tail-hedge charges, percent. */
        public double cumulativePnlPct() {
            return cumulativePnlPct;
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMS;
    }

    /** The reference's own bookkeeping decides the exits, whatever the framework's fills did. */
    @Override
    public boolean keepsOwnPositions() {
        return true;
    }

    @Override
    public List<IndicatorSpec> indicators(StrategyConfig config) {
        return CombinedSpreadVolatility.indicators(config);
    }

    @Override
    public State initialState(StrategyConfig config) {
        if (!config.venues().hasFutures()) throw new IllegalArgumentException("svh needs a futures venue");
        return new State(config);
    }

    static double weight(String regime) {
        return switch (regime) {
            case EXTREME -> 0.5;
            case MODERATE -> 1.0;
            case NORMAL_TO_POSITIVE -> 0.25;
            default -> 0.5;
        };
    }

    @Override
    public Decision onMarket(State st, MarketView m, PositionView positions) {
        double s = m.combinedSpread();
        double vol = m.indicator(VOLATILITY);
        if (Double.isNaN(s) || Double.isNaN(vol)) return Decision.HOLD;
        long t = m.timeUs();
        String regime = s < st.extreme ? EXTREME : s < st.moderate ? MODERATE : NORMAL;
        if (s >= st.ntp) regime = NORMAL_TO_POSITIVE;
        String fut = m.venues().futures();
        List<Decision.Action> actions = null;
        double rowPnl = 0;
        for (int i = 0; i < st.held.size(); ) {
            Held p = st.held.get(i);
            double ps = m.heldSpread(p.spot());
            String reason;
            if (ps > st.exit) reason = "COMPRESSION";
            else if ((double) (t - p.entryTimeUs()) / 1e6 > st.maxHours * 3600) reason = "MAX_TIME";
            else if (ps < st.emergency) reason = "EMERGENCY";
            else {
                i++;
                continue;
            }
            double pnl = (ps - p.entrySpread()) * p.weight() - st.fees * 100;
            rowPnl += pnl;
            st.held.remove(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("position_id", p.id());
            row.put("entry_time_us", p.entryTimeUs());
            row.put("exit_time_us", t);
            row.put("regime", p.regime());
            row.put("weight", p.weight());
            row.put("size_usd", p.size());
            row.put("entry_spread_pct", p.entrySpread());
            row.put("exit_spread_pct", ps);
            row.put("exit_reason", reason);
            row.put("pnl_pct", pnl);
            if (actions == null) actions = new ArrayList<>(4);
            actions.add(Decision.Action.exit(p.id(), reason,
                    List.of(Decision.Leg.sell(fut, m.futuresBid()), Decision.Leg.buy(m.venues().spot().get(p.spot()), m.spotAsk(p.spot()))),
                    Map.of("combined_spread", ps, VOLATILITY, vol, "pnl_pct", pnl), row));
        }
        if (st.held.size() < st.maxPositions && vol > st.volThreshold && (regime.equals(EXTREME) || regime.equals(MODERATE))) {
            double w = weight(regime);
            double size = st.base * w;
            double adjustment = vol > 0 ? Math.min(1.0, 2.0 / vol) : 0.5;
            double adjusted = size * adjustment;
            int k = m.sellSpot();
            Held p = new Held(st.nextId++, t, m.heldSpread(k), regime, adjusted, w, k);
            st.held.add(p);
            if (actions == null) actions = new ArrayList<>(1);
            actions.add(Decision.Action.enter(p.id(), regime,
                    List.of(Decision.Leg.buy(fut, m.futuresAsk()), Decision.Leg.sell(m.venues().spot().get(k), m.spotBid(k))),
                    adjusted, Map.of("combined_spread", s, VOLATILITY, vol, "weight", w)));
        }
        long index = m.rowIndex();
        if (index > 0 && index % st.tailEvery == 0) rowPnl -= st.tailCost;
        st.cumulativePnlPct += rowPnl;
        return actions == null ? Decision.HOLD : Decision.of(actions);
    }
}

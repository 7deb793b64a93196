package io.spreadflow.engine.strategies.inv;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.market.Spreads;
import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.engine.strategy.MarketView;
import io.spreadflow.engine.strategy.ParameterSpec;
import io.spreadflow.engine.strategy.PositionView;
import io.spreadflow.engine.strategy.SignalStrategy;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inventory spot arbitrage ({@code inv}), the reference backtest's port: with USD inventory on two spot
 * venues, buy where it is cheap and sell where it is dear in one round trip, sized down as the
 * balances drift apart. Direction A→B is tried first; when its spread test passes, B→A is not tried on
 * that row even if A→B's size check then fails. Balances are the reference's own double bookkeeping.
 */
public final class InventorySpotArbitrage implements SignalStrategy<InventorySpotArbitrage.State> {

    public static final String ID = "inv";
    /** Labels of the reference, which named spot A MEXC and spot B Gate.io. */
    public static final String A_TO_B = "MEXC_TO_GATEIO";
    public static final String B_TO_A = "GATEIO_TO_MEXC";

    public static final ParameterSpec MIN_SPREAD = ParameterSpec.ofDouble("min_spread_threshold", 0.30, null, null,
            "trade when the spot-to-spot spread (percent) is above this");
    public static final ParameterSpec MAX_SPREAD = ParameterSpec.ofDouble("max_spread_threshold", 2.0, null, null,
            "and below this (larger spreads are taken for anomalies)");
    public static final ParameterSpec BAL_A = ParameterSpec.ofDouble("initial_mexc_balance_usd", 5000.0, 0.0, null,
            "starting USD balance on spot A");
    public static final ParameterSpec BAL_B = ParameterSpec.ofDouble("initial_gateio_balance_usd", 5000.0, 0.0, null,
            "starting USD balance on spot B");
    public static final ParameterSpec MIN_TRADE = ParameterSpec.ofDouble("min_trade_size_usd", 500.0, 0.0, null,
            "smallest trade, USD");
    public static final ParameterSpec MAX_TRADE = ParameterSpec.ofDouble("max_trade_size_usd", 2000.0, 0.0, null,
            "largest trade, USD");
    public static final ParameterSpec TARGET = ParameterSpec.ofDouble("target_balance_ratio", 0.5, 0.0, 1.0,
            "spot A's target share of the total balance");
    public static final ParameterSpec REBALANCE = ParameterSpec.ofDouble("rebalance_threshold", 0.3, 0.0, null,
            "accepted for compatibility; the reference does not use it");
    public static final ParameterSpec FEES = ParameterSpec.ofDouble("total_fees", 0.0025, 0.0, null,
            "round-trip fees as a fraction, half charged on each leg");

    private static final List<ParameterSpec> PARAMS =
            List.of(MIN_SPREAD, MAX_SPREAD, BAL_A, BAL_B, MIN_TRADE, MAX_TRADE, TARGET, REBALANCE, FEES);

    /** Parameters and the USD balances of the two venues. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        final double minSpread, maxSpread, minTrade, maxTrade, target, fees;
        double balanceA, balanceB;
        long trades;
        double cumulativePnlPct;

        State(StrategyConfig c) {
            minSpread = c.getDouble(MIN_SPREAD);
            maxSpread = c.getDouble(MAX_SPREAD);
            balanceA = c.getDouble(BAL_A);
            balanceB = c.getDouble(BAL_B);
            minTrade = c.getDouble(MIN_TRADE);
            maxTrade = c.getDouble(MAX_TRADE);
            target = c.getDouble(TARGET);
            fees = c.getDouble(FEES);
        }

        public double balanceA() {
            return balanceA;
        }

        public double balanceB() {
            return balanceB;
        }

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

    @Override
    public State initialState(StrategyConfig config) {
        if (config.venues().spot().size() < 2) throw new IllegalArgumentException("inv needs two spot venues (spot A and spot B)");
        return new State(config);
    }

    @Override
    public Decision onMarket(State st, MarketView m, PositionView positions) {
        double total = st.balanceA + st.balanceB;
        double ratio = total > 0 ? st.balanceA / total : 0.5;
        double penalty = Math.min(Math.abs(ratio - st.target) * 2, 0.5);
        double aBid = m.spotBid(0), aAsk = m.spotAsk(0), bBid = m.spotBid(1), bAsk = m.spotAsk(1);
        double a2b = Spreads.spotToSpot(aAsk, bBid);
        double b2a = Spreads.spotToSpot(bAsk, aBid);
        if (Double.isNaN(a2b) || Double.isNaN(b2a)) return Decision.HOLD;
        boolean aToB;
        double spread;
        double source;
        if (a2b > st.minSpread && a2b < st.maxSpread && st.balanceA >= st.minTrade) {
            aToB = true;
            spread = a2b;
            source = st.balanceA;
        } else if (b2a > st.minSpread && b2a < st.maxSpread && st.balanceB >= st.minTrade) {
            aToB = false;
            spread = b2a;
            source = st.balanceB;
        } else {
            return Decision.HOLD;
        }
        double maxPossible = Math.min(source * 0.8, st.maxTrade);
        double base = Math.min(maxPossible, st.minTrade * 2);
        double size = base * (1 - penalty);
        if (!(size >= st.minTrade)) return Decision.HOLD;
        double buy = aToB ? aAsk : bAsk;
        double sell = aToB ? bBid : aBid;
        double quantity = size / buy;
        double proceeds = quantity * sell;
        double fees = (size + proceeds) * (st.fees / 2);
        double pnl = (proceeds - size - fees) / size * 100;
        if (aToB) {
            st.balanceA -= size + size * st.fees / 2;
            st.balanceB += proceeds - proceeds * st.fees / 2;
        } else {
            st.balanceB -= size + size * st.fees / 2;
            st.balanceA += proceeds - proceeds * st.fees / 2;
        }
        st.cumulativePnlPct += pnl;
        String direction = aToB ? A_TO_B : B_TO_A;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("time_us", m.timeUs());
        row.put("direction", direction);
        row.put("size_usd", size);
        row.put("spread_pct", spread);
        row.put("pnl_pct", pnl);
        row.put("balance_a_usd", st.balanceA);
        row.put("balance_b_usd", st.balanceB);
        String buyVenue = aToB ? m.venues().spotA() : m.venues().spotB();
        String sellVenue = aToB ? m.venues().spotB() : m.venues().spotA();
        return Decision.of(Decision.Action.roundTrip(++st.trades, direction,
                List.of(Decision.Leg.buy(buyVenue, buy), Decision.Leg.sell(sellVenue, sell)), size,
                Map.of("spread_pct", spread, "imbalance_penalty", penalty), row));
    }
}

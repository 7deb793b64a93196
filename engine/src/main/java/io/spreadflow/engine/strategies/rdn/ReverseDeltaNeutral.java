package io.spreadflow.engine.strategies.rdn;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.strategies.CombinedSpreadVolatility;
import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.engine.strategy.IndicatorSpec;
import io.spreadflow.engine.strategy.MarketView;
import io.spreadflow.engine.strategy.ParameterSpec;
import io.spreadflow.engine.strategy.PositionView;
import io.spreadflow.engine.strategy.SignalStrategy;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse delta-neutral ({@code rdn}), the reference backtest's port: when the combined spread is
 * deeply negative and volatile, buy spot A at its ask and sell the futures at its bid; close on spread
 * compression, stop loss or holding time, in that order. One position at a time; never an entry and an
 * exit on the same row. Its percent P&L is the reference's, in the reference's order of operations.
 * With {@code net_of_fees} the entry must clear the taker fees of both legs of the fee table as well.
 *
 * <p>Under {@code multi-spot: cheapest} the entry buys on the spot venue with the lowest ask of its row,
 * and the position is judged by and sold on that venue; its trade rows then end with {@code spot_venue}.
 */
public final class ReverseDeltaNeutral implements SignalStrategy<ReverseDeltaNeutral.State> {

    public static final String ID = "rdn";
    static final String VOLATILITY = CombinedSpreadVolatility.NAME;

    public static final ParameterSpec ENTRY = ParameterSpec.ofDouble("entry_spread_threshold", -2.5, null, null,
            "enter when the combined spread (percent) is below this");
    public static final ParameterSpec EXIT = ParameterSpec.ofDouble("exit_spread_threshold", -0.3, null, null,
            "exit (SPREAD_COMPRESSION) when the combined spread is above this");
    public static final ParameterSpec STOP = ParameterSpec.ofDouble("stop_loss_threshold", -6.0, null, null,
            "exit (STOP_LOSS) when the combined spread is below this");
    public static final ParameterSpec MAX_HOURS = ParameterSpec.ofDouble("max_holding_hours", 24.0, 0.0, null,
            "exit (MAX_TIME) when held longer than this many hours");
    public static final ParameterSpec SIZE = ParameterSpec.ofDouble("position_size_usd", 1000.0, 0.0, null,
            "quote notional of a position (the reference accepts it but books percent only)");
    public static final ParameterSpec FEES = ParameterSpec.ofDouble("total_fees", 0.0067, 0.0, null,
            "round-trip fees as a fraction, subtracted from each trade's percent P&L");
    public static final ParameterSpec MIN_VOL = ParameterSpec.ofDouble("min_volatility", 0.1, 0.0, null,
            "enter only when the rolling std of the combined spread is above this");
    public static final ParameterSpec WINDOW = CombinedSpreadVolatility.WINDOW;

    /**
     * The entry signal is a spread below a negative threshold, so subtracting fees (DESIGN §3's net entry
     * spread) would push it further below and make entries easier. Net of fees here means the opposite
     * hurdle: the combined spread plus the taker fees of both legs must still lie below the threshold.
     */
    public static final ParameterSpec NET_OF_FEES = ParameterSpec.ofBoolean("net_of_fees", false,
            "enter only when the combined spread plus the taker fees of both legs (fee table) is below the entry threshold");

    private static final List<ParameterSpec> PARAMS = List.of(ENTRY, EXIT, STOP, MAX_HOURS, SIZE, FEES, MIN_VOL, WINDOW,
            NET_OF_FEES);

    /** Parameters and the one position's entry data. */
    public static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        final double entry, exit, stop, maxHours, size, fees, minVol;
        final boolean netOfFees;
        final boolean cheapest;
        boolean open;
        /** Role index of the spot venue the open position bought on. */
        int spot;
        long entryTimeUs;
        double entrySpread, spotEntry, futuresEntry;
        long nextId = 1;
        long openId;
        double cumulativePnlPct;

        State(StrategyConfig c) {
            entry = c.getDouble(ENTRY);
            exit = c.getDouble(EXIT);
            stop = c.getDouble(STOP);
            maxHours = c.getDouble(MAX_HOURS);
            size = c.getDouble(SIZE);
            fees = c.getDouble(FEES);
            minVol = c.getDouble(MIN_VOL);
            netOfFees = c.getBoolean(NET_OF_FEES);
            cheapest = c.multiSpot() == StrategyConfig.MultiSpot.CHEAPEST;
        }

        /** Sum of the closed trades' percent P&L. */
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
        if (!config.venues().hasFutures()) throw new IllegalArgumentException("rdn needs a futures venue");
        return new State(config);
    }

    @Override
    public Decision onMarket(State st, MarketView m, PositionView positions) {
        long t = m.timeUs();
        String fut = m.venues().futures();
        if (!st.open) {
            double s = m.combinedSpread();
            if (!(s < st.entry)) return Decision.HOLD;
            double vol = m.indicator(VOLATILITY);
            int k = m.buySpot();
            double fees = st.cheapest ? m.takerFeesPct(k) : m.combinedTakerFeesPct();
            double hurdle = st.netOfFees ? s + fees : s;
            if (hurdle < st.entry && !Double.isNaN(vol) && vol > st.minVol) {
                st.open = true;
                st.openId = st.nextId++;
                st.spot = k;
                st.entryTimeUs = t;
                st.entrySpread = s;
                st.spotEntry = m.spotAsk(k);
                st.futuresEntry = m.futuresBid();
                return Decision.of(Decision.Action.enter(st.openId, "SPREAD_ENTRY",
                        List.of(Decision.Leg.buy(m.venues().spot().get(k), st.spotEntry), Decision.Leg.sell(fut, st.futuresEntry)),
                        st.size, Map.of("combined_spread", s, VOLATILITY, vol)));
            }
            return Decision.HOLD;
        }
        double s = m.heldSpread(st.spot);
        if (Double.isNaN(s)) return Decision.HOLD;
        double hours = ((double) (t - st.entryTimeUs) / 1e6) / 3600;
        String reason;
        if (s > st.exit) reason = "SPREAD_COMPRESSION";
        else if (s < st.stop) reason = "STOP_LOSS";
        else if (hours > st.maxHours) reason = "MAX_TIME";
        else return Decision.HOLD;
        double spotExit = m.spotBid(st.spot);
        double futExit = m.futuresAsk();
        double spotPnl = (spotExit - st.spotEntry) / st.spotEntry;
        double futPnl = (st.futuresEntry - futExit) / st.futuresEntry;
        double pnl = (spotPnl + futPnl) * 100 - st.fees * 100;
        st.cumulativePnlPct += pnl;
        st.open = false;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("entry_time_us", st.entryTimeUs);
        row.put("exit_time_us", t);
        row.put("entry_spread_pct", st.entrySpread);
        row.put("exit_spread_pct", s);
        row.put("exit_reason", reason);
        row.put("spot_entry_price", st.spotEntry);
        row.put("futures_entry_price", st.futuresEntry);
        row.put("spot_exit_price", spotExit);
        row.put("futures_exit_price", futExit);
        row.put("pnl_pct", pnl);
        String spot = m.venues().spot().get(st.spot);
        if (st.cheapest) row.put("spot_venue", spot);
        return Decision.of(Decision.Action.exit(st.openId, reason,
                List.of(Decision.Leg.sell(spot, spotExit), Decision.Leg.buy(fut, futExit)),
                Map.of("combined_spread", s, "holding_hours", hours, "pnl_pct", pnl), row));
    }
}

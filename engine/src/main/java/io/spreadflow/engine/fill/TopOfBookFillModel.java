package io.spreadflow.engine.fill;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.market.Quote;
import io.spreadflow.schemas.Side;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A taker at the top of the book: buys at the ask, sells at the bid, at most the displayed size. The
 * part beyond the displayed size stays unfilled, or, with {@code walk}, fills at the same price (an
 * optimistic backtest setting). Prices move {@code slippageTicks} ticks against the order when the
 * venue's tick size is known. The fee is the venue's taker rate on the filled notional.
 */
public final class TopOfBookFillModel implements FillModel, Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, StrategyConfig.VenueFees> fees;
    private final StrategyConfig.VenueFees unlistedFees;
    private final boolean walk;
    private final int slippageTicks;
    private final Map<String, Double> tickSizes;

    public TopOfBookFillModel(Map<String, StrategyConfig.VenueFees> fees, boolean walk, int slippageTicks,
                              Map<String, Double> tickSizes) {
        this(fees, StrategyConfig.VenueFees.ZERO, walk, slippageTicks, tickSizes);
    }

    /**
     * @param fees          fee rates per venue
     * @param unlistedFees  fee rates of a venue {@code fees} does not name
     * @param walk          fill beyond the displayed size at the same price instead of leaving it unfilled
     * @param slippageTicks adverse price move of every fill, in ticks of the venue
     * @param tickSizes     price tick per venue; venues not named have no slippage
     */
    public TopOfBookFillModel(Map<String, StrategyConfig.VenueFees> fees, StrategyConfig.VenueFees unlistedFees, boolean walk,
                              int slippageTicks, Map<String, Double> tickSizes) {
        if (slippageTicks < 0) throw new IllegalArgumentException("slippage ticks must be >= 0");
        this.fees = Collections.unmodifiableMap(new LinkedHashMap<>(fees));
        this.unlistedFees = java.util.Objects.requireNonNull(unlistedFees, "unlistedFees");
        this.walk = walk;
        this.slippageTicks = slippageTicks;
        this.tickSizes = Collections.unmodifiableMap(new LinkedHashMap<>(tickSizes));
    }

    /** The fill model a strategy configuration describes. */
    public static TopOfBookFillModel of(StrategyConfig config) {
        StrategyConfig.ExecutionSettings e = config.execution();
        return new TopOfBookFillModel(config.fees(), e.walkBook(), e.slippageTicks(), e.tickSizes());
    }

    @Override
    public Fill fill(OrderRequest order, Quote book) {
        if (!(order.quantity() > 0) || !Double.isFinite(order.quantity())) return Fill.none("quantity is not a positive number");
        if (book == null) return Fill.none("no book for venue " + order.venue());
        boolean buy = order.side() == Side.BUY;
        double touch = buy ? book.ask() : book.bid();
        double shown = buy ? book.askQty() : book.bidQty();
        if (!(touch > 0) || !Double.isFinite(touch)) return Fill.none("no price on the " + (buy ? "ask" : "bid"));
        double price = touch;
        Double tick = tickSizes.get(order.venue());
        if (slippageTicks > 0 && tick != null) price = buy ? touch + slippageTicks * tick : touch - slippageTicks * tick;
        if (!(price > 0)) return Fill.none("slippage leaves no positive price");
        double limit = order.limitPrice();
        if (!Double.isNaN(limit) && (buy ? price > limit : price < limit)) {
            return Fill.none((buy ? "ask " : "bid ") + price + " is beyond the limit " + limit);
        }
        double qty = order.quantity();
        Fill.Status status = Fill.Status.FILLED;
        String reason = "";
        if (!walk && shown < qty) {
            if (!(shown > 0)) return Fill.none("no size shown on the " + (buy ? "ask" : "bid"));
            qty = shown;
            status = Fill.Status.PARTIAL;
            reason = "top of book shows only " + shown;
        }
        StrategyConfig.VenueFees f = fees.getOrDefault(order.venue(), unlistedFees);
        BigDecimal fee = BigDecimal.valueOf(qty).multiply(BigDecimal.valueOf(price)).multiply(f.taker());
        return new Fill(status, qty, price, fee, reason);
    }
}

package io.spreadflow.execution.venue;

import io.spreadflow.schemas.Side;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fits a leg to its symbol's rules before anything is sent, rounding only in the safe direction: the
 * quantity down to the lot step (never more than the strategy asked for), a buy's limit down and a
 * sell's limit up to the tick (never a worse price than the strategy accepted). A leg the rules cannot
 * take — below the minimum quantity or notional, a symbol not trading — is refused with a reason.
 */
public final class LegSizing {

    private LegSizing() {}

    public sealed interface Outcome permits Sized, Refused {}

    /** The order to send; {@code baseQty} is its quantity in base units. */
    public record Sized(LegOrder order, BigDecimal baseQty) implements Outcome {}

    public record Refused(String reason) implements Outcome {}

    /**
     * @param baseQty  the leg's quantity in base units
     * @param limit    the leg's limit price, {@code null} for a market order
     * @param refPrice a recent price to check a market order's notional against, {@code null} if none
     */
    public static Outcome size(SymbolRules r, String clientId, Side side, BigDecimal baseQty, BigDecimal limit, boolean reduceOnly,
                               BigDecimal refPrice) {
        if (!r.tradable()) return new Refused(r.symbol() + " is not trading");
        if (baseQty == null || baseQty.signum() <= 0) return new Refused("quantity must be > 0, was " + baseQty);
        BigDecimal units = baseQty.divide(r.contractSize(), 18, RoundingMode.DOWN);
        BigDecimal qty = floorTo(units, r.stepSize());
        if (qty.signum() <= 0 || qty.compareTo(r.minQty()) < 0) {
            return new Refused("quantity " + baseQty.stripTrailingZeros().toPlainString() + " rounds down to "
                    + qty.stripTrailingZeros().toPlainString() + (r.contractSize().compareTo(BigDecimal.ONE) == 0 ? "" : " contracts")
                    + ", below " + r.symbol() + "'s minimum " + r.minQty().stripTrailingZeros().toPlainString()
                    + " (step " + r.stepSize().stripTrailingZeros().toPlainString() + ")");
        }
        BigDecimal price = null;
        if (limit != null) {
            price = side == Side.BUY ? floorTo(limit, r.tickSize()) : ceilTo(limit, r.tickSize());
            if (price.signum() <= 0) return new Refused("limit " + limit.toPlainString() + " rounds to 0 on tick " + r.tickSize().toPlainString());
        }
        BigDecimal notionalPrice = price != null ? price : refPrice;
        if (notionalPrice != null && r.minNotional().signum() > 0) {
            BigDecimal notional = qty.multiply(r.contractSize()).multiply(notionalPrice);
            if (notional.compareTo(r.minNotional()) < 0) {
                return new Refused("notional " + notional.stripTrailingZeros().toPlainString() + " " + r.quoteAsset() + " is below "
                        + r.symbol() + "'s minimum " + r.minNotional().stripTrailingZeros().toPlainString());
            }
        }
        LegOrder order = new LegOrder(clientId, r.symbol(), side, qty.stripTrailingZeros(), price == null ? null : price.stripTrailingZeros(),
                reduceOnly);
        return new Sized(order, qty.multiply(r.contractSize()).stripTrailingZeros());
    }

    /**
     * Strategies compute quantities in binary floating point: 0.000001 arrives as 9.999999999975306E-7.
     * A value within this fraction of a step of a step boundary is that boundary, so that noise never
     * costs a whole step (or, repeated, a leg that can never be sent).
     */
    private static final BigDecimal NOISE = new BigDecimal("1e-9");

    static BigDecimal floorTo(BigDecimal v, BigDecimal step) {
        return v.divide(step, 18, RoundingMode.HALF_EVEN).add(NOISE).setScale(0, RoundingMode.FLOOR).multiply(step);
    }

    static BigDecimal ceilTo(BigDecimal v, BigDecimal step) {
        return v.divide(step, 18, RoundingMode.HALF_EVEN).subtract(NOISE).setScale(0, RoundingMode.CEILING).multiply(step);
    }
}

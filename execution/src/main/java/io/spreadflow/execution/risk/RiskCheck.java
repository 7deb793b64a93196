package io.spreadflow.execution.risk;

import io.spreadflow.execution.ledger.Exposure;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The pre-trade rules, judged on what an intent does to the ledger's positions, not on what it says it
 * does. ENTRY and OTHER intents add exposure: the kill switch stops them, and they count against the
 * per-instrument notional and open-intent limits. EXIT and HEDGE intents must reduce: every leg must
 * trade against its venue's position without flipping it (counting what intents under way already sell
 * or buy there); one that does not is refused, so a purpose grants no way round the limits. A leg marked
 * reduce-only must reduce whatever the intent's purpose. The per-order notional limit applies to all.
 */
public final class RiskCheck {

    /** Which rule refused an intent, with a reason a person can act on. */
    public record Refusal(String rule, String reason) {}

    /**
     * A reducing leg may exceed what is left to reduce by this fraction: the job sums its fills in
     * doubles (0.1 + 0.2 = 0.30000000000000004), the ledger in decimals (0.3).
     */
    private static final BigDecimal QTY_TOLERANCE = new BigDecimal("1e-9");

    private final RiskLimits limits;

    public RiskCheck(RiskLimits limits) {
        this.limits = limits;
    }

    public RiskLimits limits() {
        return limits;
    }

    /** Whether intents with this purpose add exposure (and so meet the kill switch and the exposure limits). */
    public static boolean addsExposure(IntentPurpose purpose) {
        return purpose == IntentPurpose.ENTRY || purpose == IntentPurpose.OTHER;
    }

    /**
     * @param orderNotional gross notional of the intent, each leg at the worse of its limit and the book
     * @param exposure      the ledger's state, read under its decision lock
     * @return the first rule the intent breaks, or null
     */
    public Refusal check(OrderIntent intent, BigDecimal orderNotional, Exposure exposure) {
        boolean adds = addsExposure(intent.getPurpose());
        Refusal notReducing = reduction(intent, exposure, adds);
        if (notReducing != null) return notReducing;
        if (adds && exposure.killSwitch()) {
            return new Refusal("kill_switch", "kill switch is on: only intents that reduce a position are executed");
        }
        if (orderNotional.compareTo(limits.maxOrderNotional()) > 0) {
            return new Refusal("max_order_notional", "order notional " + plain(orderNotional) + " exceeds max-order-notional "
                    + limits.maxOrderNotional().toPlainString());
        }
        if (!adds) return null;
        BigDecimal open = exposure.openInstrumentNotional();
        BigDecimal after = open.add(orderNotional);
        if (after.compareTo(limits.maxInstrumentNotional()) > 0) {
            return new Refusal("max_instrument_notional", "instrument notional would be " + plain(after) + " (open " + plain(open)
                    + "), exceeds max-instrument-notional " + limits.maxInstrumentNotional().toPlainString());
        }
        if (exposure.openIntents() >= limits.maxOpenIntents()) {
            return new Refusal("max_open_intents", exposure.openIntents() + " intents open, max-open-intents is " + limits.maxOpenIntents());
        }
        return null;
    }

    /** The refusal of a leg that must reduce and does not: all legs of EXIT and HEDGE, reduce-only legs of any intent. */
    private static Refusal reduction(OrderIntent intent, Exposure exposure, boolean adds) {
        // what this intent's earlier legs already take off the same venue
        Map<String, BigDecimal> taken = new HashMap<>();
        for (int i = 0; i < intent.getLegs().size(); i++) {
            OrderLeg leg = intent.getLegs().get(i);
            boolean mustReduce = !adds || Boolean.TRUE.equals(leg.getReduceOnly());
            if (!mustReduce) continue;
            Exposure.VenuePosition p = exposure.position(leg.getVenue());
            boolean sell = leg.getSide() == Side.SELL;
            // a sell reduces a long, a buy a short; sells (buys) already under way there reduce it first
            BigDecimal held = sell ? p.netQty() : p.netQty().negate();
            BigDecimal left = held.subtract(sell ? p.pendingSell() : p.pendingBuy()).subtract(taken.getOrDefault(leg.getVenue(), BigDecimal.ZERO));
            BigDecimal qty = BigDecimal.valueOf(leg.getQuantity());
            BigDecimal allowed = left.add(left.abs().multiply(QTY_TOLERANCE, MathContext.DECIMAL64));
            if (left.signum() <= 0 || qty.compareTo(allowed) > 0) {
                String rule = adds ? "reduce_only" : "not_reducing";
                String what = adds ? "leg " + i + " is reduce-only" : intent.getPurpose() + " intents may only reduce a position";
                return new Refusal(rule, what + ": leg " + i + " " + leg.getSide() + " " + plain(qty) + " on " + leg.getVenue()
                        + " against a position of " + plain(p.netQty()) + " (" + plain(left.max(BigDecimal.ZERO)) + " left to reduce)");
            }
            taken.merge(leg.getVenue(), qty, BigDecimal::add);
        }
        return null;
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }
}

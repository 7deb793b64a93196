package io.spreadflow.execution.risk;

import io.spreadflow.schemas.IntentPurpose;

import java.math.BigDecimal;

/**
 * The pre-trade rules. Exits and hedges reduce risk: they pass the kill switch and the open-intent and
 * per-instrument limits (a desk must always be able to get out), but not the per-order notional
 * limit, which guards against a wrong quantity whatever its purpose.
 */
public final class RiskCheck {

    /** Which rule refused an intent, with a reason a person can act on. */
    public record Refusal(String rule, String reason) {}

    private final RiskLimits limits;

    public RiskCheck(RiskLimits limits) {
        this.limits = limits;
    }

    public RiskLimits limits() {
        return limits;
    }

    /**
     * @param orderNotional       gross notional of the intent
     * @param openInstrumentNotional gross notional of the instrument's open entries
     * @param openIntents         how many entries are open
     * @return the first rule the intent breaks, or null
     */
    public Refusal check(IntentPurpose purpose, BigDecimal orderNotional, boolean killSwitch, BigDecimal openInstrumentNotional,
                         long openIntents) {
        boolean reducing = purpose == IntentPurpose.EXIT || purpose == IntentPurpose.HEDGE;
        if (killSwitch && !reducing) return new Refusal("kill_switch", "kill switch is on: only EXIT and HEDGE intents are executed");
        if (orderNotional.compareTo(limits.maxOrderNotional()) > 0) {
            return new Refusal("max_order_notional", "order notional " + orderNotional.stripTrailingZeros().toPlainString()
                    + " exceeds max-order-notional " + limits.maxOrderNotional().toPlainString());
        }
        if (reducing) return null;
        BigDecimal after = openInstrumentNotional.add(orderNotional);
        if (after.compareTo(limits.maxInstrumentNotional()) > 0) {
            return new Refusal("max_instrument_notional", "instrument notional would be " + after.stripTrailingZeros().toPlainString()
                    + " (open " + openInstrumentNotional.stripTrailingZeros().toPlainString() + "), exceeds max-instrument-notional "
                    + limits.maxInstrumentNotional().toPlainString());
        }
        if (purpose == IntentPurpose.ENTRY && openIntents >= limits.maxOpenIntents()) {
            return new Refusal("max_open_intents", openIntents + " entries open, max-open-intents is " + limits.maxOpenIntents());
        }
        return null;
    }
}

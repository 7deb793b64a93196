package io.spreadflow.execution.risk;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The limits the execution service enforces before it executes anything. Notional is quote currency
 * (the sum over an order's legs of quantity × the price it would execute at).
 *
 * @param maxOrderNotional      the largest gross notional one intent may carry, whatever its purpose
 * @param maxInstrumentNotional the largest gross notional of open intents of one instrument, this one included
 * @param maxOpenIntents        the most entries that may be open at once (filled and not yet closed by an exit)
 */
public record RiskLimits(BigDecimal maxOrderNotional, BigDecimal maxInstrumentNotional, int maxOpenIntents) {

    /** 100 k per order, 500 k per instrument, 100 open entries. */
    public static final RiskLimits DEFAULT = new RiskLimits(new BigDecimal("100000"), new BigDecimal("500000"), 100);

    public RiskLimits {
        Objects.requireNonNull(maxOrderNotional, "maxOrderNotional");
        Objects.requireNonNull(maxInstrumentNotional, "maxInstrumentNotional");
        if (maxOrderNotional.signum() <= 0) throw new IllegalArgumentException("risk limit max-order-notional must be > 0, was " + maxOrderNotional);
        if (maxInstrumentNotional.signum() <= 0) {
            throw new IllegalArgumentException("risk limit max-instrument-notional must be > 0, was " + maxInstrumentNotional);
        }
        if (maxOpenIntents < 1) throw new IllegalArgumentException("risk limit max-open-intents must be ≥ 1, was " + maxOpenIntents);
    }

    public RiskLimits withMaxOrderNotional(BigDecimal v) {
        return new RiskLimits(v, maxInstrumentNotional, maxOpenIntents);
    }

    public RiskLimits withMaxInstrumentNotional(BigDecimal v) {
        return new RiskLimits(maxOrderNotional, v, maxOpenIntents);
    }

    public RiskLimits withMaxOpenIntents(int v) {
        return new RiskLimits(maxOrderNotional, maxInstrumentNotional, v);
    }
}

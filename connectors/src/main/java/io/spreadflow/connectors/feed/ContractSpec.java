package io.spreadflow.connectors.feed;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * How one contract of a venue's instrument converts to base units.
 *
 * @param multiplier base units per contract (linear, e.g. Gate.io {@code quanto_multiplier},
 *     OKX {@code ctVal × ctMult} of a USDT swap), or quote units per contract (inverse, e.g. 100 USD
 *     for OKX {@code BTC-USD-SWAP})
 * @param inverse true when one contract is worth a fixed quote amount, so base units = contracts ×
 *     multiplier ÷ price
 */
public record ContractSpec(BigDecimal multiplier, boolean inverse) {

    public ContractSpec {
        Objects.requireNonNull(multiplier, "multiplier");
        if (multiplier.signum() <= 0) throw new IllegalArgumentException("contract multiplier must be above zero, was " + multiplier);
    }

    public static ContractSpec linear(String multiplier) {
        return new ContractSpec(new BigDecimal(multiplier), false);
    }

    public static ContractSpec inverse(String quoteValue) {
        return new ContractSpec(new BigDecimal(quoteValue), true);
    }

    /**
     * The size in base units of {@code contracts} quoted at {@code price}, as a plain decimal string.
     * Exact for linear contracts; inverse ones are rounded to 16 significant digits.
     */
    public String toBaseUnits(String contracts, String price) {
        BigDecimal c = new BigDecimal(contracts);
        BigDecimal base = inverse
                ? c.multiply(multiplier).divide(new BigDecimal(price), MathContext.DECIMAL64)
                : c.multiply(multiplier);
        return base.signum() == 0 ? "0" : base.stripTrailingZeros().toPlainString();
    }
}

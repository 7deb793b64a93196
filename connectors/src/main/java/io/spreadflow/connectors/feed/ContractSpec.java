package io.spreadflow.connectors.feed;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * How one contract of a venue's instrument converts to base units.
 *
 * @param multiplier base units per contract (linear, e.g. Gate.io {@code quanto_multiplier},
 *     OKX {@code ctVal × ctMult} of a USDT swap), or quote units per contract (inverse, e.g. 100 USD
 *     for OKX {@code BTC-USD-SWAP}); between 1e-30 and 1e30, so every conversion stays short
 * @param inverse true when one contract is worth a fixed quote amount, so base units = contracts ×
 *     multiplier ÷ price
 */
public record ContractSpec(BigDecimal multiplier, boolean inverse) {

    /** Largest decimal exponent of a multiplier either way. */
    private static final int MAX_MAGNITUDE = 30;

    public ContractSpec {
        Objects.requireNonNull(multiplier, "multiplier");
        if (multiplier.signum() <= 0) throw new IllegalArgumentException("contract multiplier must be above zero, was " + multiplier);
        // the integer-digit count, read without rendering the number (1e999999999 must not be expanded)
        long magnitude = (long) multiplier.precision() - multiplier.scale();
        if (multiplier.precision() > DecimalText.MAX_LENGTH || Math.abs(magnitude) > MAX_MAGNITUDE) {
            throw new IllegalArgumentException("contract multiplier out of range (1e-30 to 1e30): " + multiplier.toString());
        }
    }

    public static ContractSpec linear(String multiplier) {
        return new ContractSpec(checked(multiplier), false);
    }

    public static ContractSpec inverse(String quoteValue) {
        return new ContractSpec(checked(quoteValue), true);
    }

    private static BigDecimal checked(String s) {
        try {
            return DecimalText.decimal(s, "contract multiplier");
        } catch (MalformedFrame e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /**
     * The size in base units of {@code contracts} quoted at {@code price}, as a plain decimal string.
     * Exact for linear contracts; inverse ones are rounded to 16 significant digits. Both inputs are
     * checked decimal text (a {@link MalformedFrame} otherwise), so the result is short.
     */
    public String toBaseUnits(String contracts, String price) {
        BigDecimal c = DecimalText.decimal(contracts, "contracts");
        BigDecimal base;
        if (inverse) {
            BigDecimal p = DecimalText.decimal(price, "price");
            if (p.signum() <= 0) throw new MalformedFrame("price must be above zero, was '" + price + "'");
            base = c.multiply(multiplier).divide(p, MathContext.DECIMAL64);
        } else {
            base = c.multiply(multiplier);
        }
        if (base.signum() == 0) return "0";
        BigDecimal stripped = base.stripTrailingZeros();
        // a checked size is at most 64 digits with a 2-digit exponent, the multiplier within 1e±30:
        // the plain form is a few hundred characters at most; sizes beyond a double are refused
        if (!Double.isFinite(stripped.doubleValue())) throw new MalformedFrame("size in base units out of range: " + stripped);
        return stripped.toPlainString();
    }
}

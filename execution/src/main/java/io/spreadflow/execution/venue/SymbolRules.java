package io.spreadflow.execution.venue;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A symbol's trading rules as its venue's exchange-info endpoint publishes them.
 *
 * @param tickSize     price increment
 * @param stepSize     quantity increment, in the venue's unit
 * @param minQty       smallest quantity, in the venue's unit
 * @param minNotional  smallest quantity × price in quote currency; 0 = none
 * @param contractSize base units per venue unit: 1 on spot, the quanto multiplier on Gate.io futures
 * @param tradable     whether the venue accepts orders on it now
 */
public record SymbolRules(String symbol, String baseAsset, String quoteAsset, BigDecimal tickSize, BigDecimal stepSize,
                          BigDecimal minQty, BigDecimal minNotional, BigDecimal contractSize, boolean tradable) {

    public SymbolRules {
        Objects.requireNonNull(symbol, "symbol");
        for (BigDecimal v : new BigDecimal[] {tickSize, stepSize, contractSize}) {
            if (v == null || v.signum() <= 0) throw new IllegalArgumentException(symbol + ": tick, step and contract size must be > 0");
        }
        minQty = minQty == null ? BigDecimal.ZERO : minQty;
        minNotional = minNotional == null ? BigDecimal.ZERO : minNotional;
    }

    /** {@code 10^-decimals}: venues that publish precisions (Gate.io, MEXC) instead of increments. */
    public static BigDecimal increment(int decimals) {
        return BigDecimal.ONE.scaleByPowerOfTen(-decimals);
    }
}

package io.spreadflow.execution.venue;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an account holds on a venue: spot balances per asset (free + locked) or futures positions per
 * symbol, signed (short &lt; 0), in base units.
 */
public record Holdings(Map<String, BigDecimal> balances, Map<String, BigDecimal> positions) {

    public Holdings {
        balances = Map.copyOf(balances == null ? Map.of() : balances);
        positions = Map.copyOf(positions == null ? Map.of() : positions);
    }

    public BigDecimal balance(String asset) {
        return balances.getOrDefault(asset, BigDecimal.ZERO);
    }

    public BigDecimal position(String symbol) {
        return positions.getOrDefault(symbol, BigDecimal.ZERO);
    }

    @Override
    public String toString() {
        return "Holdings[balances=" + new TreeMap<>(balances) + ", positions=" + new TreeMap<>(positions) + "]";
    }
}

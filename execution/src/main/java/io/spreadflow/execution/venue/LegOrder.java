package io.spreadflow.execution.venue;

import io.spreadflow.schemas.Side;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One leg as the venue will see it, after the symbol rules: quantity in the venue's unit (base units
 * on spot, contracts on Gate.io futures), already on the lot step; price on the tick, or {@code null}
 * for a market order. Every order is immediate-or-cancel.
 */
public record LegOrder(String clientId, String symbol, Side side, BigDecimal quantity, BigDecimal price, boolean reduceOnly) {

    public LegOrder {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(quantity, "quantity");
        if (quantity.signum() <= 0) throw new IllegalArgumentException("quantity must be > 0, was " + quantity);
        if (price != null && price.signum() <= 0) throw new IllegalArgumentException("price must be > 0, was " + price);
    }

    public boolean market() {
        return price == null;
    }
}

package io.spreadflow.engine.strategy;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The booked holdings of one instrument per venue: quote currency and base quantity, from fills.
 */
public record Balances(Map<String, BigDecimal> quote, Map<String, BigDecimal> base) implements Serializable {

    public Balances {
        quote = Collections.unmodifiableMap(new LinkedHashMap<>(quote));
        base = Collections.unmodifiableMap(new LinkedHashMap<>(base));
    }

    public BigDecimal quote(String venue) {
        return quote.getOrDefault(venue, BigDecimal.ZERO);
    }

    public BigDecimal base(String venue) {
        return base.getOrDefault(venue, BigDecimal.ZERO);
    }

    public BigDecimal totalQuote() {
        return quote.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

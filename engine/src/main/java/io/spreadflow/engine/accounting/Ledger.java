package io.spreadflow.engine.accounting;

import io.spreadflow.engine.strategy.Balances;
import io.spreadflow.schemas.Side;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Booked holdings of one instrument from fills, in {@link BigDecimal}: base quantity and quote
 * balance per venue, and the fees paid. Every double from a fill enters through
 * {@link BigDecimal#valueOf(double)} (its shortest decimal form) and is never accumulated as a double.
 */
public final class Ledger {

    final LinkedHashMap<String, BigDecimal> base = new LinkedHashMap<>();
    final LinkedHashMap<String, BigDecimal> quote = new LinkedHashMap<>();
    BigDecimal fees = BigDecimal.ZERO;
    BigDecimal funding = BigDecimal.ZERO;

    public Ledger(Map<String, BigDecimal> startingQuote) {
        quote.putAll(startingQuote);
    }

    /**
     * Books a fill: base moves by the quantity, quote by the notional, and the fee is paid in quote.
     *
     * @param notional quantity × price of this fill, quote currency
     */
    public void book(String venue, Side side, BigDecimal quantity, BigDecimal notional, BigDecimal fee) {
        boolean buy = side == Side.BUY;
        base.merge(venue, buy ? quantity : quantity.negate(), BigDecimal::add);
        quote.merge(venue, (buy ? notional.negate() : notional).subtract(fee), BigDecimal::add);
        fees = fees.add(fee);
    }

    /** Books a funding payment on a perpetual venue: received when positive, paid when negative. */
    public void fund(String venue, BigDecimal amount) {
        quote.merge(venue, amount, BigDecimal::add);
        funding = funding.add(amount);
    }

    /** Funding received (positive) or paid (negative) so far, quote currency. */
    public BigDecimal funding() {
        return funding;
    }

    public BigDecimal base(String venue) {
        return base.getOrDefault(venue, BigDecimal.ZERO);
    }

    public BigDecimal quote(String venue) {
        return quote.getOrDefault(venue, BigDecimal.ZERO);
    }

    /** Fees paid so far, quote currency. */
    public BigDecimal fees() {
        return fees;
    }

    /**
     * Mark-to-market value of everything held: quote balances plus each venue's base quantity at the
     * given mark price (venues without a mark count at zero).
     */
    public BigDecimal equity(Map<String, Double> marks) {
        BigDecimal e = BigDecimal.ZERO;
        for (BigDecimal q : quote.values()) e = e.add(q);
        for (Map.Entry<String, BigDecimal> b : base.entrySet()) {
            Double m = marks.get(b.getKey());
            if (m != null && Double.isFinite(m)) e = e.add(b.getValue().multiply(BigDecimal.valueOf(m)));
        }
        return e;
    }

    public Balances balances() {
        return new Balances(quote, base);
    }

    public Map<String, BigDecimal> baseView() {
        return java.util.Collections.unmodifiableMap(base);
    }
}

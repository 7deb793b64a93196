package io.spreadflow.engine.signal;

import io.spreadflow.engine.accounting.Ledger;
import io.spreadflow.schemas.SignalKind;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Books the funding of a perpetual on the positions holding it: a position of signed base quantity q
 * receives −q × mark × rate (a long pays a positive rate, a short receives it), into its cash flow,
 * hence its trade's P&amp;L, and into the ledger's balance of that venue.
 */
final class FundingBooking {

    private final SignalRecords records;

    FundingBooking(SignalRecords records) {
        this.records = records;
    }

    /** One funding event of {@code venue} at {@code fundingTsUs}; one signal per position it touched. */
    void apply(PositionBook b, Ledger ledger, String instrument, String venue, long fundingTsUs, BigDecimal rate,
               BigDecimal mark, Outcome.Builder out) {
        for (PositionRecord p : b.positions.values()) {
            double q = p.net(venue);
            if (Math.abs(q) <= p.eps()) continue;
            BigDecimal amount = BigDecimal.valueOf(q).multiply(mark).multiply(rate).negate();
            p.cash = p.cash.add(amount);
            p.funding = p.funding.add(amount);
            ledger.fund(venue, amount);
            b.changed();
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("funding_quote", amount.doubleValue());
            values.put("funding_rate", rate.doubleValue());
            values.put("mark_price", mark.doubleValue());
            values.put("quantity", q);
            out.signal(records.record(b, instrument, fundingTsUs, SignalKind.OTHER, p.state, p.state, "FUNDING " + venue, p.id,
                    Double.NaN, values));
        }
    }
}

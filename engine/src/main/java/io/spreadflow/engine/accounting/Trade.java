package io.spreadflow.engine.accounting;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A closed trade. {@code columns} holds the strategy's own trade row in the column order of the
 * golden {@code expected_trades.csv} (numbers as {@link Double}/{@link Long}, labels as strings);
 * the booked quote-currency figures of the fill model follow as typed fields. {@code pnlQuote} includes
 * {@code fundingQuote}, the funding the position received (positive) or paid (negative) while open.
 */
public record Trade(
        String instrument,
        String strategyId,
        long entryTsUs,
        long exitTsUs,
        LinkedHashMap<String, Object> columns,
        java.math.BigDecimal pnlQuote,
        java.math.BigDecimal feesQuote,
        java.math.BigDecimal notionalQuote,
        java.math.BigDecimal fundingQuote) implements Serializable {

    public Trade {
        columns = new LinkedHashMap<>(columns);
        if (fundingQuote == null) fundingQuote = java.math.BigDecimal.ZERO;
    }

    /** A trade that paid or received no funding. */
    public Trade(String instrument, String strategyId, long entryTsUs, long exitTsUs, LinkedHashMap<String, Object> columns,
                 java.math.BigDecimal pnlQuote, java.math.BigDecimal feesQuote, java.math.BigDecimal notionalQuote) {
        this(instrument, strategyId, entryTsUs, exitTsUs, columns, pnlQuote, feesQuote, notionalQuote, java.math.BigDecimal.ZERO);
    }

    public Map<String, Object> columnsView() {
        return java.util.Collections.unmodifiableMap(columns);
    }
}

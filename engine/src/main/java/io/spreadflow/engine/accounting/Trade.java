package io.spreadflow.engine.accounting;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A closed trade. {@code columns} holds the strategy's own trade row in the column order of the
 * golden {@code expected_trades.csv} (numbers as {@link Double}/{@link Long}, labels as strings);
 * the booked quote-currency figures of the fill model follow as typed fields.
 */
public record Trade(
        String instrument,
        String strategyId,
        long entryTsUs,
        long exitTsUs,
        LinkedHashMap<String, Object> columns,
        java.math.BigDecimal pnlQuote,
        java.math.BigDecimal feesQuote,
        java.math.BigDecimal notionalQuote) implements Serializable {

    public Trade {
        columns = new LinkedHashMap<>(columns);
    }

    public Map<String, Object> columnsView() {
        return java.util.Collections.unmodifiableMap(columns);
    }
}

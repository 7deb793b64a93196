package io.spreadflow.engine.report;

import io.spreadflow.engine.accounting.Trade;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a report folder shows: the run's description, its trades, the sampled spreads with the
 * strategy's thresholds, and the figures derived from them.
 *
 * @param title headline of the HTML page
 * @param strategyId the strategy's id
 * @param parameters the effective strategy parameters (after command-line overrides)
 * @param run facts about the run (mode, inputs, ticks read, …) shown beside the metrics
 * @param trades the closed trades, any order
 * @param spreads one sampled spread per instrument (may be empty)
 * @param thresholds horizontal lines for the spread charts, name → percent
 * @param capitalQuote starting capital for equity and percent figures
 * @param periodStartUs first event time of the input
 * @param periodEndUs last event time of the input
 */
public record BacktestReport(
        String title,
        String strategyId,
        Map<String, Object> parameters,
        Map<String, Object> run,
        List<Trade> trades,
        List<SpreadSeries> spreads,
        Map<String, Double> thresholds,
        BigDecimal capitalQuote,
        long periodStartUs,
        long periodEndUs) {

    public BacktestReport {
        parameters = new LinkedHashMap<>(parameters);
        run = new LinkedHashMap<>(run);
        trades = List.copyOf(trades);
        spreads = List.copyOf(spreads);
        thresholds = new LinkedHashMap<>(thresholds);
    }

    public PerformanceMetrics metrics() {
        return PerformanceMetrics.of(trades, capitalQuote, periodStartUs, periodEndUs);
    }

    public EquityCurve equity() {
        return EquityCurve.of(trades, capitalQuote, periodStartUs);
    }

    /** Trades in the order the strategy reports them: entry time, then exit time, then instrument. */
    public List<Trade> tradesInEntryOrder() {
        List<Trade> out = new ArrayList<>(trades);
        out.sort(java.util.Comparator.comparingLong(Trade::entryTsUs).thenComparingLong(Trade::exitTsUs)
                .thenComparing(Trade::instrument));
        return out;
    }

    /**
     * Spread thresholds among a strategy's parameters: the numeric ones whose key names a spread
     * threshold ({@code *_spread_threshold}, {@code *_negative_threshold}, {@code exit_compression_threshold},
     * {@code emergency_exit_spread}, {@code stop_loss_threshold}), which are the levels the spread chart draws.
     */
    public static Map<String, Double> spreadThresholds(Map<String, ?> params) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : params.entrySet()) {
            String k = e.getKey();
            boolean spreadLevel = k.endsWith("spread_threshold") || k.endsWith("negative_threshold")
                    || k.equals("exit_compression_threshold") || k.equals("emergency_exit_spread")
                    || k.equals("normal_to_positive_threshold") || k.equals("stop_loss_threshold");
            if (!spreadLevel) continue;
            Object v = e.getValue();
            if (v instanceof Number num) out.put(k, num.doubleValue());
            else if (v instanceof String s) {
                try {
                    out.put(k, Double.parseDouble(s.trim()));
                } catch (NumberFormatException ignored) {
                    // a non-numeric value is not a level to draw
                }
            }
        }
        return out;
    }
}

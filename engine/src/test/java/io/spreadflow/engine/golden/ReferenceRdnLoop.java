package io.spreadflow.engine.golden;

import io.spreadflow.schemas.BookTicker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference rdn backtest written out plainly from golden/README.md, sharing no code with the
 * engine: resample to bars (last quote per venue and bucket, inner join), combined spread as the mean
 * of both spot venues' entry spreads over the futures bid, two-pass sample std over 20 rows, then the
 * reference loop (one position, exits checked in the order compression, stop loss, time). A test
 * oracle: what the engine's trade rows must equal.
 */
final class ReferenceRdnLoop {

    /** The parameters the loop reads; min volatility and window are hard-coded in the reference. */
    record Params(double entry, double exit, double stopLoss, double maxHoldingHours, double totalFees) {
        static final double MIN_VOLATILITY = 0.1;
        static final int WINDOW = 20;
    }

    /** One bar row: its start and the spot A, spot B and futures bid/ask. */
    record Bar(long timeUs, double aBid, double aAsk, double bBid, double bAsk, double futBid, double futAsk) {
        double combined() {
            double arbA = (futBid - aAsk) / futBid * 100;
            double arbB = (futBid - bAsk) / futBid * 100;
            return (arbA + arbB) / 2;
        }
    }

    private ReferenceRdnLoop() {
    }

    /**
     * Bar rows of {@code ticks} for the three roles; {@code spotB} may equal {@code spotA} (one spot
     * venue: the reference copies spot A into the spot B columns).
     */
    static List<Bar> bars(List<BookTicker> ticks, long barSeconds, String spotA, String spotB, String futures) {
        long barUs = barSeconds * 1_000_000L;
        List<String> venues = List.of(spotA, spotB, futures);
        TreeMap<Long, double[]> buckets = new TreeMap<>();
        for (BookTicker t : ticks) {
            long bucket = Math.floorDiv(t.getReceiveTsUs(), barUs);
            double[] row = buckets.computeIfAbsent(bucket, k -> {
                double[] r = new double[6];
                Arrays.fill(r, Double.NaN);
                return r;
            });
            // every role the venue plays takes its last quote in the bucket
            for (int i = 0; i < 3; i++) {
                if (venues.get(i).equals(t.getVenue())) {
                    row[2 * i] = t.getBidPrice();
                    row[2 * i + 1] = t.getAskPrice();
                }
            }
        }
        List<Bar> bars = new ArrayList<>();
        for (Map.Entry<Long, double[]> e : buckets.entrySet()) {
            double[] r = e.getValue();
            if (Arrays.stream(r).anyMatch(Double::isNaN)) continue;
            bars.add(new Bar(e.getKey() * barUs, r[0], r[1], r[2], r[3], r[4], r[5]));
        }
        return bars;
    }

    /** The trade rows the reference loop produces over {@code bars}, columns as in expected_trades.csv. */
    static List<Map<String, Object>> trades(List<Bar> bars, Params p) {
        List<Map<String, Object>> out = new ArrayList<>();
        double[] combined = new double[bars.size()];
        boolean open = false;
        Bar entryBar = null;
        double entrySpread = 0;
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            combined[i] = b.combined();
            double c = combined[i];
            if (!open) {
                double vol = volatility(combined, i);
                if (c < p.entry() && !Double.isNaN(vol) && vol > Params.MIN_VOLATILITY) {
                    open = true;
                    entryBar = b;
                    entrySpread = c;
                }
                continue;
            }
            double hours = ((b.timeUs() - entryBar.timeUs()) / 1e6) / 3600;
            String reason = c > p.exit() ? "SPREAD_COMPRESSION" : c < p.stopLoss() ? "STOP_LOSS"
                    : hours > p.maxHoldingHours() ? "MAX_TIME" : null;
            if (reason == null) continue;
            double spotEntry = entryBar.aAsk();
            double futEntry = entryBar.futBid();
            double pnl = ((b.aBid() - spotEntry) / spotEntry + (futEntry - b.futAsk()) / futEntry) * 100 - p.totalFees() * 100;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("entry_time_us", entryBar.timeUs());
            row.put("exit_time_us", b.timeUs());
            row.put("entry_spread_pct", entrySpread);
            row.put("exit_spread_pct", c);
            row.put("exit_reason", reason);
            row.put("spot_entry_price", spotEntry);
            row.put("futures_entry_price", futEntry);
            row.put("spot_exit_price", b.aBid());
            row.put("futures_exit_price", b.futAsk());
            row.put("pnl_pct", pnl);
            out.add(row);
            open = false;
        }
        return out;
    }

    /** Sample std (divisor W−1) of the last W values up to {@code i}, two-pass; NaN before W rows. */
    private static double volatility(double[] x, int i) {
        int w = Params.WINDOW;
        if (i < w - 1) return Double.NaN;
        double mean = 0;
        for (int j = i - w + 1; j <= i; j++) mean += x[j];
        mean /= w;
        double ss = 0;
        for (int j = i - w + 1; j <= i; j++) ss += (x[j] - mean) * (x[j] - mean);
        return Math.sqrt(ss / (w - 1));
    }
}

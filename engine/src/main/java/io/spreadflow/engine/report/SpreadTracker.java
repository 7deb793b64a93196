package io.spreadflow.engine.report;

import java.util.Arrays;
import java.util.List;

/**
 * Samples the spread a strategy trades, for the report's spread chart: the combined entry spread
 * {@code mean over spot venues of (F.bid − S.ask) / F.bid × 100} when a futures venue is named, else the
 * spot-to-spot spread {@code (B.bid − A.ask) / A.ask × 100}. Keeps the last value of each sample bucket of
 * {@code sampleUs}, like a bar close; a bucket counts only once every venue has quoted.
 *
 * <p>This is a chart aid, not decision input: the strategy's own spreads live in the engine.
 */
public final class SpreadTracker {

    final String instrument;
    final String[] spots;
    final String futures;
    final long sampleUs;
    final double[] bid;
    final double[] ask;
    long[] times = new long[256];
    double[] values = new double[256];
    int size;

    /**
     * @param spotVenues spot venues, spot A first
     * @param futuresVenue the futures venue, or null for a spot-to-spot strategy (needs two spot venues)
     * @param sampleUs sample bucket width in µs (the bar size, or e.g. one second)
     */
    public SpreadTracker(String instrument, List<String> spotVenues, String futuresVenue, long sampleUs) {
        if (spotVenues.isEmpty()) throw new IllegalArgumentException("at least one spot venue is needed");
        if (futuresVenue == null && spotVenues.size() < 2) {
            throw new IllegalArgumentException("without a futures venue the spread needs two spot venues");
        }
        if (sampleUs <= 0) throw new IllegalArgumentException("sample width must be positive: " + sampleUs);
        this.instrument = instrument;
        this.spots = spotVenues.toArray(String[]::new);
        this.futures = futuresVenue;
        this.sampleUs = sampleUs;
        int n = spots.length + 1;
        bid = new double[n];
        ask = new double[n];
        Arrays.fill(bid, Double.NaN);
        Arrays.fill(ask, Double.NaN);
    }

    /** One quote of one venue; quotes of venues outside the roles are ignored. */
    public void onQuote(String venue, long tsUs, double bidPrice, double askPrice) {
        int slot = slotOf(venue);
        if (slot < 0 || !(bidPrice > 0) || !(askPrice > 0)) return;
        bid[slot] = bidPrice;
        ask[slot] = askPrice;
        double s = spread();
        if (Double.isNaN(s)) return;
        long bucketStart = Math.floorDiv(tsUs, sampleUs) * sampleUs;
        if (size > 0 && times[size - 1] == bucketStart) {
            values[size - 1] = s;
            return;
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        times[size] = bucketStart;
        values[size] = s;
        size++;
    }

    private int slotOf(String venue) {
        for (int i = 0; i < spots.length; i++) if (spots[i].equals(venue)) return i;
        return venue.equals(futures) ? spots.length : -1;
    }

    private double spread() {
        if (futures != null) {
            double fb = bid[spots.length];
            if (Double.isNaN(fb)) return Double.NaN;
            double sum = 0;
            for (int i = 0; i < spots.length; i++) {
                if (Double.isNaN(ask[i])) return Double.NaN;
                sum += (fb - ask[i]) / fb * 100;
            }
            return sum / spots.length;
        }
        if (Double.isNaN(ask[0]) || Double.isNaN(bid[1])) return Double.NaN;
        return (bid[1] - ask[0]) / ask[0] * 100;
    }

    /** What was sampled so far. */
    public SpreadSeries series() {
        String label = futures != null
                ? "entry spread % (" + futures + " bid vs " + String.join("/", spots) + " ask)"
                : "spread % (" + spots[1] + " bid vs " + spots[0] + " ask)";
        return new SpreadSeries(instrument, label, Arrays.copyOf(times, size), Arrays.copyOf(values, size));
    }
}

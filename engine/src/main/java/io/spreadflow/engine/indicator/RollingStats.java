package io.spreadflow.engine.indicator;

import java.io.Serializable;

/**
 * Mean and sample standard deviation (divisor n−1, as pandas {@code rolling(n).std()}) of the last
 * {@code window} values, O(1) per update.
 *
 * <p>The running sums use the sliding Welford update, which stays accurate where the naive
 * sum-of-squares form cancels catastrophically. Any drift is bounded by recomputing mean and squared
 * deviations exactly from the ring buffer once per {@code window} updates (amortised O(1)).
 */
public final class RollingStats implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int window;
    private final double[] ring;
    private int next;
    private int count;
    private double mean;
    private double m2;
    private int sinceExact;
    private double last = Double.NaN;

    public RollingStats(int window) {
        if (window < 1) throw new IllegalArgumentException("window must be >= 1");
        this.window = window;
        this.ring = new double[window];
    }

    public int window() {
        return window;
    }

    /** Adds a value, dropping the oldest once the window is full. */
    public void add(double x) {
        last = x;
        if (count < window) {
            ring[next] = x;
            next = next + 1 == window ? 0 : next + 1;
            count++;
            double delta = x - mean;
            mean += delta / count;
            m2 += delta * (x - mean);
        } else {
            double old = ring[next];
            ring[next] = x;
            next = next + 1 == window ? 0 : next + 1;
            double oldMean = mean;
            mean = oldMean + (x - old) / window;
            m2 += (x - old) * (x - mean + old - oldMean);
        }
        if (++sinceExact >= window) recompute();
        if (m2 < 0) m2 = 0;
    }

    private void recompute() {
        sinceExact = 0;
        double s = 0;
        for (int i = 0; i < count; i++) s += ring[i];
        double mu = s / count;
        double q = 0;
        for (int i = 0; i < count; i++) {
            double d = ring[i] - mu;
            q += d * d;
        }
        mean = mu;
        m2 = q;
    }

    /** True once {@code window} values were added. */
    public boolean isFull() {
        return count == window;
    }

    public int count() {
        return count;
    }

    /** The mean of the window; NaN until it is full. */
    public double mean() {
        return count == window ? mean : Double.NaN;
    }

    /** Sample variance of the window; NaN until it is full (or when the window is 1). */
    public double variance() {
        return count == window && window > 1 ? m2 / (window - 1) : Double.NaN;
    }

    /** Sample standard deviation of the window; NaN until it is full. */
    public double std() {
        return Math.sqrt(variance());
    }

    /** {@code (last − mean)/std} of the window; NaN until full or when the std is 0. */
    public double zScore() {
        return ZScore.of(last, mean(), std());
    }
}

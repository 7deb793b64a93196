package io.spreadflow.engine.indicator;


/**
 * Mean and sample standard deviation (divisor n−1, as pandas {@code rolling(n).std()}) of the last
 * {@code window} values, O(1) per update.
 *
 * <p>The running sums use the sliding Welford update on values shifted by a reference close to the
 * mean, so neither a large offset nor a large variance against the spread of the window cancels
 * digits the way the naive sum-of-squares form does. Drift is bounded by recomputing the mean and
 * squared deviations with two passes over the ring buffer (and re-centring the shift) once per
 * {@code window} updates, amortised O(1), and at once when the rounding the updates since the last
 * recompute could have caused is no longer negligible against the current sum of squares (a quiet
 * window right after a volatile one).
 */
public final class RollingStats {

    final int window;
    final double[] ring;
    int next;
    int count;
    /** The shift: values enter the running sums as {@code x − shift}. */
    double shift;
    /** Mean of the shifted values. */
    double mean;
    double m2;
    int sinceExact;
    /** Bound, in units of the double epsilon, on the rounding error accumulated in {@code m2}. */
    double rounding;
    double last = Double.NaN;

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
        if (count == 0) shift = x;
        double y = x - shift;
        if (count < window) {
            ring[next] = x;
            next = next + 1 == window ? 0 : next + 1;
            count++;
            double delta = y - mean;
            mean += delta / count;
            double term = delta * (y - mean);
            m2 += term;
            rounding += Math.abs(delta) * (Math.abs(y) + Math.abs(mean)) + Math.abs(m2);
        } else {
            double yo = ring[next] - shift;
            ring[next] = x;
            next = next + 1 == window ? 0 : next + 1;
            double oldMean = mean;
            double d = y - yo;
            mean = oldMean + d / window;
            m2 += d * (y - mean + yo - oldMean);
            rounding += Math.abs(d) * (Math.abs(y) + Math.abs(yo) + Math.abs(mean) + Math.abs(oldMean)) + Math.abs(m2);
        }
        // recompute while the possible relative error of m2 is still below about 1e-9
        if (++sinceExact >= window || m2 < rounding * 1e-7) recompute();
        if (m2 < 0) m2 = 0;
    }

    private void recompute() {
        sinceExact = 0;
        rounding = 0;
        double s = 0;
        for (int i = 0; i < count; i++) s += ring[i];
        double mu = s / count;
        // mu carries the rounding of the sum; the residual mean of the shifted values makes up for it,
        // since the sliding update needs the mean of exactly the values it shifts
        double r = 0;
        for (int i = 0; i < count; i++) r += ring[i] - mu;
        double m = r / count;
        double q = 0;
        for (int i = 0; i < count; i++) {
            double d = (ring[i] - mu) - m;
            q += d * d;
        }
        shift = mu;
        mean = m;
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
        return count == window ? shift + mean : Double.NaN;
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

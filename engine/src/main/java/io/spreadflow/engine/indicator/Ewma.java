package io.spreadflow.engine.indicator;


/**
 * Exponentially weighted mean and variance with smoothing factor {@code alpha}
 * ({@code mean += alpha·(x − mean)}, variance in the incremental form of Finch 2009), O(1) per update.
 * The first value seeds the mean with variance 0.
 */
public final class Ewma {

    final double alpha;
    double mean = Double.NaN;
    double variance = Double.NaN;
    long count;

    public Ewma(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        this.alpha = alpha;
    }

    /** The alpha of a span of {@code n} rows, as pandas {@code ewm(span=n)}: 2/(n+1). */
    public static double alphaOfSpan(double span) {
        return 2.0 / (span + 1.0);
    }

    public void add(double x) {
        if (count++ == 0) {
            mean = x;
            variance = 0;
            return;
        }
        double diff = x - mean;
        double incr = alpha * diff;
        mean += incr;
        variance = (1 - alpha) * (variance + diff * incr);
    }

    public double mean() {
        return mean;
    }

    public double variance() {
        return variance;
    }

    public double std() {
        return Math.sqrt(variance);
    }

    public long count() {
        return count;
    }
}

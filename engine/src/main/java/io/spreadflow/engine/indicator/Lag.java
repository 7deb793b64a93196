package io.spreadflow.engine.indicator;


/** {@code x − x[n rows ago]} (pandas {@code diff(n)}), O(1). */
public final class Lag {

    final double[] ring;
    int next;
    long seen;
    double diff = Double.NaN;

    public Lag(int n) {
        if (n < 1) throw new IllegalArgumentException("lag must be >= 1");
        ring = new double[n];
    }

    public void add(double x) {
        diff = seen >= ring.length ? x - ring[next] : Double.NaN;
        ring[next] = x;
        next = next + 1 == ring.length ? 0 : next + 1;
        seen++;
    }

    /** The difference to the value n rows ago; NaN for the first n rows. */
    public double diff() {
        return diff;
    }
}

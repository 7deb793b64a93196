package io.spreadflow.engine.indicator;


/**
 * Minimum or maximum of the last {@code window} values with a monotonic deque, amortised O(1).
 */
public final class RollingExtreme {

    final int window;
    final boolean max;
    final double[] values;
    final long[] index;
    int head;
    int size;
    long seen;

    /** @param max true for the rolling maximum, false for the minimum */
    public RollingExtreme(int window, boolean max) {
        if (window < 1) throw new IllegalArgumentException("window must be >= 1");
        this.window = window;
        this.max = max;
        this.values = new double[window];
        this.index = new long[window];
    }

    public void add(double x) {
        long i = seen++;
        if (size > 0 && index[head] <= i - window) {
            head = (head + 1) % window;
            size--;
        }
        while (size > 0) {
            int tail = (head + size - 1) % window;
            double t = values[tail];
            if (max ? t <= x : t >= x) size--;
            else break;
        }
        int slot = (head + size) % window;
        values[slot] = x;
        index[slot] = i;
        size++;
    }

    /** The extreme of the window; NaN until it is full. */
    public double value() {
        return seen >= window ? values[head] : Double.NaN;
    }
}

package io.spreadflow.engine.report;

import java.io.Serializable;
import java.util.Arrays;

/** A sampled spread of one instrument: bucket start times (µs) and spread values (percent). */
public record SpreadSeries(String instrument, String label, long[] timesUs, double[] values) implements Serializable {

    public SpreadSeries {
        if (timesUs.length != values.length) throw new IllegalArgumentException("times and values differ in length");
    }

    public int size() {
        return timesUs.length;
    }

    /**
     * At most about {@code maxPoints} points for a chart: consecutive runs are reduced to their
     * minimum and maximum (in time order), so spikes that cross a threshold stay visible.
     */
    public SpreadSeries downsample(int maxPoints) {
        if (timesUs.length <= maxPoints) return this;
        int runs = Math.max(1, maxPoints / 2);
        int per = (timesUs.length + runs - 1) / runs;
        long[] t = new long[runs * 2];
        double[] v = new double[runs * 2];
        int k = 0;
        for (int start = 0; start < timesUs.length; start += per) {
            int end = Math.min(timesUs.length, start + per);
            int lo = start;
            int hi = start;
            for (int i = start; i < end; i++) {
                if (values[i] < values[lo]) lo = i;
                if (values[i] > values[hi]) hi = i;
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            t[k] = timesUs[first];
            v[k++] = values[first];
            if (second != first) {
                t[k] = timesUs[second];
                v[k++] = values[second];
            }
        }
        return new SpreadSeries(instrument, label, Arrays.copyOf(t, k), Arrays.copyOf(v, k));
    }

    /** The value of the last sample at or before {@code tUs}, or NaN before the first sample. */
    public double valueAt(long tUs) {
        int i = Arrays.binarySearch(timesUs, tUs);
        if (i < 0) i = -i - 2;
        return i < 0 ? Double.NaN : values[i];
    }
}

package io.spreadflow.engine.indicator;

import io.spreadflow.engine.state.StateData;
import io.spreadflow.engine.strategy.IndicatorSpec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The stored form of an {@link IndicatorSet}: each indicator's name, kind, series, last value and its
 * accumulator's every field (ring buffers, running sums, counters), so a restored window continues
 * bit for bit where it stopped.
 */
public final class IndicatorStateCodec {

    private IndicatorStateCodec() {}

    public static void write(DataOutput out, IndicatorSet s) throws IOException {
        int n = s.names.length;
        StateData.writeCount(out, n);
        for (int i = 0; i < n; i++) {
            StateData.writeString(out, s.names[i]);
            StateData.writeEnum(out, s.kinds[i]);
            StateData.writeEnum(out, s.series[i]);
            out.writeDouble(s.values[i]);
            Object st = s.state[i];
            if (st instanceof RollingStats r) writeStats(out, r);
            else if (st instanceof Ewma e) writeEwma(out, e);
            else if (st instanceof Lag l) writeLag(out, l);
            else if (st instanceof RollingExtreme r) writeExtreme(out, r);
            else throw new IOException("indicator state " + st.getClass().getName() + " has no stored form");
        }
    }

    /** @param version the format version the bytes were written in */
    public static IndicatorSet read(DataInput in, int version) throws IOException {
        int n = StateData.readCount(in, "indicators");
        String[] names = new String[n];
        IndicatorSpec.Kind[] kinds = new IndicatorSpec.Kind[n];
        IndicatorSpec.Series[] series = new IndicatorSpec.Series[n];
        Object[] state = new Object[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            names[i] = StateData.readString(in);
            kinds[i] = StateData.readEnum(in, IndicatorSpec.Kind.class);
            series[i] = StateData.readEnum(in, IndicatorSpec.Series.class);
            values[i] = in.readDouble();
            state[i] = switch (kinds[i]) {
                case ROLLING_MEAN, ROLLING_STD, ZSCORE -> readStats(in);
                case EWMA_MEAN, EWMA_STD -> readEwma(in);
                case DIFF -> readLag(in);
                case ROLLING_MIN, ROLLING_MAX -> readExtreme(in);
            };
        }
        return new IndicatorSet(names, kinds, series, state, values);
    }

    private static void writeStats(DataOutput out, RollingStats r) throws IOException {
        StateData.writeDoubles(out, r.ring);
        out.writeInt(r.next);
        out.writeInt(r.count);
        out.writeDouble(r.shift);
        out.writeDouble(r.mean);
        out.writeDouble(r.m2);
        out.writeInt(r.sinceExact);
        out.writeDouble(r.rounding);
        out.writeDouble(r.last);
    }

    private static RollingStats readStats(DataInput in) throws IOException {
        RollingStats r = new RollingStats(window(in));
        for (int i = 0; i < r.ring.length; i++) r.ring[i] = in.readDouble();
        r.next = index(in.readInt(), r.window);
        r.count = index(in.readInt(), r.window + 1);
        r.shift = in.readDouble();
        r.mean = in.readDouble();
        r.m2 = in.readDouble();
        r.sinceExact = in.readInt();
        r.rounding = in.readDouble();
        r.last = in.readDouble();
        return r;
    }

    private static void writeEwma(DataOutput out, Ewma e) throws IOException {
        out.writeDouble(e.alpha);
        out.writeDouble(e.mean);
        out.writeDouble(e.variance);
        out.writeLong(e.count);
    }

    private static Ewma readEwma(DataInput in) throws IOException {
        double alpha = in.readDouble();
        if (!(alpha > 0 && alpha <= 1)) throw new IOException("damaged state: EWMA alpha " + alpha);
        Ewma e = new Ewma(alpha);
        e.mean = in.readDouble();
        e.variance = in.readDouble();
        e.count = in.readLong();
        return e;
    }

    private static void writeLag(DataOutput out, Lag l) throws IOException {
        StateData.writeDoubles(out, l.ring);
        out.writeInt(l.next);
        out.writeLong(l.seen);
        out.writeDouble(l.diff);
    }

    private static Lag readLag(DataInput in) throws IOException {
        Lag l = new Lag(window(in));
        for (int i = 0; i < l.ring.length; i++) l.ring[i] = in.readDouble();
        l.next = index(in.readInt(), l.ring.length);
        l.seen = in.readLong();
        l.diff = in.readDouble();
        return l;
    }

    private static void writeExtreme(DataOutput out, RollingExtreme r) throws IOException {
        out.writeInt(r.window);
        out.writeBoolean(r.max);
        for (double v : r.values) out.writeDouble(v);
        for (long i : r.index) out.writeLong(i);
        out.writeInt(r.head);
        out.writeInt(r.size);
        out.writeLong(r.seen);
    }

    private static RollingExtreme readExtreme(DataInput in) throws IOException {
        int window = StateData.readCount(in, "rolling extreme window");
        if (window < 1) throw new IOException("damaged state: window " + window);
        RollingExtreme r = new RollingExtreme(window, in.readBoolean());
        for (int i = 0; i < window; i++) r.values[i] = in.readDouble();
        for (int i = 0; i < window; i++) r.index[i] = in.readLong();
        r.head = index(in.readInt(), window);
        r.size = index(in.readInt(), window + 1);
        r.seen = in.readLong();
        return r;
    }

    /** A window written as a ring's length. */
    private static int window(DataInput in) throws IOException {
        int n = StateData.readCount(in, "indicator window");
        if (n < 1) throw new IOException("damaged state: window " + n);
        return n;
    }

    private static int index(int i, int bound) throws IOException {
        if (i < 0 || i >= bound) throw new IOException("damaged state: index " + i + " outside 0.." + (bound - 1));
        return i;
    }
}

package io.spreadflow.engine.report;

import io.spreadflow.engine.state.StateData;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The stored form of a {@link SpreadTracker} (a backtest key's report state) and of a {@link SpreadSeries}. */
public final class SpreadTrackerCodec {

    private SpreadTrackerCodec() {}

    /** A tracker or {@code null}. */
    public static void write(DataOutput out, SpreadTracker t) throws IOException {
        out.writeBoolean(t != null);
        if (t == null) return;
        StateData.writeString(out, t.instrument);
        StateData.writeCount(out, t.spots.length);
        for (String s : t.spots) StateData.writeString(out, s);
        StateData.writeString(out, t.futures);
        out.writeLong(t.sampleUs);
        StateData.writeDoubles(out, t.bid);
        StateData.writeDoubles(out, t.ask);
        StateData.writeLongs(out, Arrays.copyOf(t.times, t.size));
        StateData.writeDoubles(out, Arrays.copyOf(t.values, t.size));
    }

    /** @param version the format version the bytes were written in */
    public static SpreadTracker read(DataInput in, int version) throws IOException {
        if (!in.readBoolean()) return null;
        String instrument = StateData.readString(in);
        int n = StateData.readCount(in, "spot venues");
        List<String> spots = new ArrayList<>(n);
        for (int i = 0; i < n; i++) spots.add(StateData.readString(in));
        String futures = StateData.readString(in);
        long sampleUs = in.readLong();
        SpreadTracker t;
        try {
            t = new SpreadTracker(instrument, spots, futures, sampleUs);
        } catch (IllegalArgumentException e) {
            throw new IOException("damaged state: " + e.getMessage(), e);
        }
        StateData.readDoublesInto(in, t.bid, "tracker bids");
        StateData.readDoublesInto(in, t.ask, "tracker asks");
        long[] times = StateData.readLongs(in, StateData.MAX_SERIES, "spread sample times");
        double[] v = StateData.readDoubles(in, StateData.MAX_SERIES, "spread sample values");
        if (times.length != v.length) throw new IOException("damaged state: " + times.length + " sample times, " + v.length + " values");
        int size = times.length;
        if (size < 256) {
            times = Arrays.copyOf(times, 256);
            v = Arrays.copyOf(v, 256);
        }
        t.times = times;
        t.values = v;
        t.size = size;
        return t;
    }

    /** A series or {@code null}. */
    public static void writeSeries(DataOutput out, SpreadSeries s) throws IOException {
        out.writeBoolean(s != null);
        if (s == null) return;
        StateData.writeString(out, s.instrument());
        StateData.writeString(out, s.label());
        StateData.writeLongs(out, s.timesUs());
        StateData.writeDoubles(out, s.values());
    }

    public static SpreadSeries readSeries(DataInput in, int version) throws IOException {
        if (!in.readBoolean()) return null;
        String instrument = StateData.readString(in);
        String label = StateData.readString(in);
        long[] times = StateData.readLongs(in, StateData.MAX_SERIES, "series times");
        double[] values = StateData.readDoubles(in, StateData.MAX_SERIES, "series values");
        if (times.length != values.length) throw new IOException("damaged state: " + times.length + " times, " + values.length + " values");
        return new SpreadSeries(instrument, label, times, values);
    }
}

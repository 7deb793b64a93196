package io.spreadflow.engine.market;

import io.spreadflow.engine.state.StateData;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a {@link QuoteBoard} and a {@link BarAggregator}, field by field, for the engine's
 * versioned state format ({@code io.spreadflow.engine.state.EngineStateCodec}). It lives next to the
 * classes so they need not expose their columns.
 */
public final class MarketStateCodec {

    private MarketStateCodec() {}

    public static void writeBoard(DataOutput out, QuoteBoard b) throws IOException {
        StateData.writeCount(out, b.venues.length);
        for (String v : b.venues) StateData.writeString(out, v);
        out.writeLong(b.maxSkewUs);
        out.writeLong(b.staleAfterUs);
        out.writeLong(b.streamTimeUs);
        writeQuotes(out, b.quotes);
    }

    /** @param version the format version the bytes were written in */
    public static QuoteBoard readBoard(DataInput in, int version) throws IOException {
        int n = StateData.readCount(in, "venues");
        List<String> venues = new ArrayList<>(n);
        for (int i = 0; i < n; i++) venues.add(StateData.readString(in));
        long maxSkew = in.readLong();
        long stale = in.readLong();
        QuoteBoard b = newBoard(venues, maxSkew, stale);
        b.streamTimeUs = in.readLong();
        readQuotes(in, b.quotes);
        return b;
    }

    /** A bar aggregator or {@code null}. */
    public static void writeBars(DataOutput out, BarAggregator a) throws IOException {
        out.writeBoolean(a != null);
        if (a == null) return;
        out.writeInt(a.quotes.venueCount());
        out.writeLong(a.barUs);
        out.writeLong(a.bucket);
        out.writeLong(a.startUs);
        out.writeLong(a.endUs);
        writeQuotes(out, a.quotes);
    }

    public static BarAggregator readBars(DataInput in, int version) throws IOException {
        if (!in.readBoolean()) return null;
        int venues = StateData.readCount(in, "bar venues");
        long barUs = in.readLong();
        if (barUs <= 0) throw new IOException("damaged state: bar size " + barUs);
        BarAggregator a = new BarAggregator(venues, barUs);
        a.bucket = in.readLong();
        a.startUs = in.readLong();
        a.endUs = in.readLong();
        readQuotes(in, a.quotes);
        return a;
    }

    private static QuoteBoard newBoard(List<String> venues, long maxSkew, long stale) throws IOException {
        try {
            return new QuoteBoard(venues, maxSkew, stale);
        } catch (IllegalArgumentException e) {
            throw new IOException("damaged state: " + e.getMessage(), e);
        }
    }

    private static void writeQuotes(DataOutput out, VenueQuotes q) throws IOException {
        StateData.writeDoubles(out, q.bid);
        StateData.writeDoubles(out, q.bidQty);
        StateData.writeDoubles(out, q.ask);
        StateData.writeDoubles(out, q.askQty);
        StateData.writeLongs(out, q.ts);
        for (boolean p : q.present) out.writeBoolean(p);
    }

    private static void readQuotes(DataInput in, VenueQuotes q) throws IOException {
        StateData.readDoublesInto(in, q.bid, "bids");
        StateData.readDoublesInto(in, q.bidQty, "bid sizes");
        StateData.readDoublesInto(in, q.ask, "asks");
        StateData.readDoublesInto(in, q.askQty, "ask sizes");
        StateData.readLongsInto(in, q.ts, "quote times");
        int count = 0;
        for (int i = 0; i < q.present.length; i++) {
            q.present[i] = in.readBoolean();
            if (q.present[i]) count++;
        }
        q.presentCount = count;
    }
}

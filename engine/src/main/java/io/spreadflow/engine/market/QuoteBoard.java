package io.spreadflow.engine.market;

import java.util.Arrays;
import java.util.List;

/**
 * The latest quote of each configured venue of one instrument (DESIGN §3.1). Venues are addressed by
 * index in the order given at construction. Malformed ticks are refused with a {@link QuoteRejection};
 * the board never changes on a refusal.
 *
 * <p>The stream's time is the largest accepted timestamp. A tick further than {@code maxSkewUs} from
 * it, or older than its venue's latest quote, is refused: bars and holding times are event time, and a
 * clock jump would close bars or positions that the market never closed. A quote older than
 * {@code staleAfterUs} (when positive) is kept but does not count as live.
 */
public final class QuoteBoard {

    final String[] venues;
    final long maxSkewUs;
    final long staleAfterUs;
    // package-private: a MarketRow reads them in place instead of copying them for every row
    final VenueQuotes quotes;
    /** The name instance each venue last arrived with. */
    private transient String[] lastSeen;
    long streamTimeUs = Long.MIN_VALUE;

    public QuoteBoard(List<String> venues, long maxSkewUs, long staleAfterUs) {
        if (venues.isEmpty()) throw new IllegalArgumentException("a quote board needs at least one venue");
        if (maxSkewUs <= 0) throw new IllegalArgumentException("max skew must be > 0");
        this.venues = venues.toArray(String[]::new);
        this.maxSkewUs = maxSkewUs;
        this.staleAfterUs = staleAfterUs;
        quotes = new VenueQuotes(this.venues.length);
    }

    public int venueCount() {
        return venues.length;
    }

    public String venue(int index) {
        return venues[index];
    }

    /** Index of a venue, or -1 when it is not configured. */
    public int indexOf(String venue) {
        String[] vs = venues;
        String[] seen = lastSeen;
        if (seen == null) seen = lastSeen = new String[vs.length];
        // a decoder that shares one name instance per venue is answered without reading the text
        for (int i = 0; i < vs.length; i++) {
            if (seen[i] == venue || vs[i] == venue) return i;
        }
        for (int i = 0; i < vs.length; i++) {
            if (vs[i].equals(venue)) {
                seen[i] = venue;
                return i;
            }
        }
        return -1;
    }

    /** Why this tick would be refused, or {@code null} when it is acceptable. Changes nothing. */
    public QuoteRejection check(int venue, double bidPx, double bidSz, double askPx, double askSz, long tsUs) {
        if (venue < 0) return QuoteRejection.UNKNOWN_VENUE;
        if (!Double.isFinite(bidPx) || !Double.isFinite(askPx)) return QuoteRejection.NON_FINITE_PRICE;
        if (bidPx <= 0 || askPx <= 0) return QuoteRejection.NON_POSITIVE_PRICE;
        if (bidPx > askPx) return QuoteRejection.CROSSED_BOOK;
        // the negated form also refuses NaN quantities
        if (!(bidSz >= 0) || !(askSz >= 0)) return QuoteRejection.NEGATIVE_QUANTITY;
        if (tsUs <= 0) return QuoteRejection.TIME_OUT_OF_RANGE;
        if (streamTimeUs != Long.MIN_VALUE && Math.abs(tsUs - streamTimeUs) > maxSkewUs) return QuoteRejection.TIME_OUT_OF_RANGE;
        if (quotes.has(venue) && tsUs < quotes.ts[venue]) return QuoteRejection.OUT_OF_ORDER;
        return null;
    }

    /** Stores an already checked tick as its venue's latest quote. */
    public void apply(int venue, double bidPx, double bidSz, double askPx, double askSz, long tsUs) {
        quotes.put(venue, bidPx, bidSz, askPx, askSz, tsUs);
        if (tsUs > streamTimeUs) streamTimeUs = tsUs;
    }

    /** Checks and, when acceptable, stores a tick; returns the refusal or {@code null}. */
    public QuoteRejection offer(String venue, double bidPx, double bidSz, double askPx, double askSz, long tsUs) {
        int v = indexOf(venue);
        QuoteRejection r = check(v, bidPx, bidSz, askPx, askSz, tsUs);
        if (r == null) apply(v, bidPx, bidSz, askPx, askSz, tsUs);
        return r;
    }

    /** The largest accepted timestamp, or {@link Long#MIN_VALUE} before the first tick. */
    public long streamTimeUs() {
        return streamTimeUs;
    }

    public boolean has(int venue) {
        return quotes.has(venue);
    }

    /** True when the venue has a quote that is not stale at {@code nowUs}. */
    public boolean isLive(int venue, long nowUs) {
        return quotes.has(venue) && (staleAfterUs <= 0 || nowUs - quotes.ts[venue] <= staleAfterUs);
    }

    /** True when every venue has a live quote at {@code nowUs}: the quotes may form a spread row. */
    public boolean allLive(long nowUs) {
        if (staleAfterUs <= 0) return quotes.hasAll();
        for (int i = 0; i < venues.length; i++) {
            if (!isLive(i, nowUs)) return false;
        }
        return true;
    }

    public double bid(int venue) {
        return quotes.bid[venue];
    }

    public double ask(int venue) {
        return quotes.ask[venue];
    }

    public double bidQty(int venue) {
        return quotes.bidQty[venue];
    }

    public double askQty(int venue) {
        return quotes.askQty[venue];
    }

    public long tsUs(int venue) {
        return quotes.ts[venue];
    }

    /** The venue's latest quote, or {@code null} when it has none. */
    public Quote quote(int venue) {
        VenueQuotes q = quotes;
        return q.has(venue) ? new Quote(venues[venue], q.bid[venue], q.bidQty[venue], q.ask[venue], q.askQty[venue], q.ts[venue]) : null;
    }

    @Override
    public String toString() {
        return "QuoteBoard" + Arrays.toString(venues) + "@" + streamTimeUs;
    }
}

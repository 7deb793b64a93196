package io.spreadflow.engine.market;

import java.util.Arrays;

/**
 * One quote per venue of an instrument, by venue index, and which venues have one: the latest quotes
 * of a {@link QuoteBoard} or the last quotes of a {@link BarAggregator}'s open bar. The prices sit in
 * parallel columns that a {@link MarketRow} reads in place, so a row neither copies nor allocates.
 */
final class VenueQuotes {

    final double[] bid;
    final double[] bidQty;
    final double[] ask;
    final double[] askQty;
    final long[] ts;
    final boolean[] present;
    int presentCount;

    VenueQuotes(int venues) {
        bid = new double[venues];
        bidQty = new double[venues];
        ask = new double[venues];
        askQty = new double[venues];
        ts = new long[venues];
        present = new boolean[venues];
    }

    int venueCount() {
        return present.length;
    }

    /** Stores the venue's quote, replacing any it had. */
    void put(int venue, double bidPx, double bidSz, double askPx, double askSz, long tsUs) {
        bid[venue] = bidPx;
        bidQty[venue] = bidSz;
        ask[venue] = askPx;
        askQty[venue] = askSz;
        ts[venue] = tsUs;
        if (!present[venue]) {
            present[venue] = true;
            presentCount++;
        }
    }

    boolean has(int venue) {
        return present[venue];
    }

    /** True when every venue has a quote. */
    boolean hasAll() {
        return presentCount == present.length;
    }

    /** Marks every venue as without a quote; the columns keep their values until overwritten. */
    void forget() {
        Arrays.fill(present, false);
        presentCount = 0;
    }
}

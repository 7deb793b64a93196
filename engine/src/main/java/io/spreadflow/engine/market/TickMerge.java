package io.spreadflow.engine.market;

import io.spreadflow.schemas.BookTicker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which one instrument's partition delivers the ticks of several recorded venue files:
 * by receive time, and for equal times in file order (files in the order given, rows in file order).
 * That is a stable sort of the concatenated files by timestamp, which is what the golden cases and
 * the replay of recorded files both assume.
 */
public final class TickMerge {

    private TickMerge() {}

    public static List<BookTicker> merge(List<List<BookTicker>> files) {
        int n = 0;
        for (List<BookTicker> f : files) n += f.size();
        List<BookTicker> all = new ArrayList<>(n);
        for (List<BookTicker> f : files) all.addAll(f);
        // List.sort is stable: ties keep file order, then row order
        all.sort(Comparator.comparingLong(BookTicker::getReceiveTsUs));
        return all;
    }
}

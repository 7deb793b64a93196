package io.spreadflow.connectors.files;

import io.spreadflow.schemas.BookTicker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.ToLongFunction;

/**
 * The one order in which several tick sources become one stream: by receive time, and on equal
 * receive times the earlier source (argument order) first, then the source's own order. That is a
 * stable sort of the sources' concatenation by receive time. Replay, the backtester and the golden
 * tests all use it, so a replayed topic and a backtest over the same files see the same sequence.
 *
 * <p>{@link #sort} does it in memory; {@link #merge} streams it for sources that are each in
 * receive-time order (recordings are), with one element per source in memory.
 */
public final class TickMerge {

    /** Receive time, ascending. As a sort key with a stable sort it gives the merge order. */
    public static final Comparator<BookTicker> BY_RECEIVE_TIME = Comparator.comparingLong(BookTicker::getReceiveTsUs);

    private TickMerge() {}

    /** The sources' ticks in merge order (a stable sort of their concatenation). */
    public static List<BookTicker> sort(List<? extends List<BookTicker>> sources) {
        int n = 0;
        for (List<BookTicker> s : sources) n += s.size();
        List<BookTicker> all = new ArrayList<>(n);
        for (List<BookTicker> s : sources) all.addAll(s);
        all.sort(BY_RECEIVE_TIME); // List.sort is stable
        return all;
    }

    /** Reads the files (canonical, Binance or Avro ticks) and returns their ticks in merge order. */
    public static List<BookTicker> readMerged(List<Path> files) throws IOException {
        List<List<BookTicker>> sources = new ArrayList<>();
        for (Path f : files) sources.add(TickFileReader.readAll(f));
        return sort(sources);
    }

    /**
     * Streams the merge of time-ordered sources: at each step the head with the smallest time, the
     * earliest source on ties. Equals {@link #sort} when every source is in non-decreasing time; an
     * element earlier than its predecessor in the same source is emitted as soon as it is read.
     *
     * @param time the element's time, e.g. {@code BookTicker::getReceiveTsUs}
     */
    public static <T> Iterator<T> merge(List<? extends Iterator<T>> sources, ToLongFunction<? super T> time) {
        return new Merged<>(sources, time);
    }

    private record Head<T>(T value, long time, int source) {}

    private static final class Merged<T> implements Iterator<T> {
        private final List<? extends Iterator<T>> sources;
        private final ToLongFunction<? super T> time;
        private final PriorityQueue<Head<T>> heads;

        Merged(List<? extends Iterator<T>> sources, ToLongFunction<? super T> time) {
            this.sources = sources;
            this.time = time;
            this.heads = new PriorityQueue<>(Math.max(1, sources.size()),
                    Comparator.<Head<T>>comparingLong(Head::time).thenComparingInt(Head::source));
            for (int i = 0; i < sources.size(); i++) advance(i);
        }

        private void advance(int source) {
            Iterator<T> it = sources.get(source);
            if (it.hasNext()) {
                T v = it.next();
                heads.add(new Head<>(v, time.applyAsLong(v), source));
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public T next() {
            Head<T> h = heads.poll();
            if (h == null) throw new NoSuchElementException();
            // one head per source: the source's own order is kept, and ties go to the lower index
            advance(h.source());
            return h.value();
        }
    }
}

package io.spreadflow.connectors.files;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * The one order in which several recorded sources become one stream: by receive time, and on equal
 * times the earlier source (argument order) first, then the source's own order. For sources that are
 * each in time order that is a stable sort of their concatenation; an element earlier than its
 * predecessor in the same source comes out as soon as it is read. Replay, the backtester and the golden
 * tests all read through it ({@link TickFileReader}), so a replayed topic and a backtest over the same
 * files see the same sequence.
 *
 * <p>One element per source is held. Sources are cursors that refill themselves in place, and the merge
 * allocates nothing per element.
 *
 * @param <S> the sources
 */
public final class ReceiveTimeMerge<S extends ReceiveTimeMerge.Source> {

    /** A cursor over time-ordered elements. */
    public interface Source {
        /** Moves to the next element; false when there is none (and then stays there). */
        boolean advance();

        /** The merge time of the element moved to, e.g. its receive time in microseconds. */
        long timeUs();
    }

    /** A source and its place in the argument list, made once per source. */
    private record Entry<S>(S source, int index) {}

    private final PriorityQueue<Entry<S>> queue;
    private Entry<S> current;

    /** Moves every source to its first element. */
    public ReceiveTimeMerge(List<S> sources) {
        // a source's time changes only while it is out of the queue (current), so the heap stays ordered
        queue = new PriorityQueue<>(Math.max(1, sources.size()), (a, b) -> {
            int c = Long.compare(a.source().timeUs(), b.source().timeUs());
            return c != 0 ? c : Integer.compare(a.index(), b.index());
        });
        List<Entry<S>> entries = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) entries.add(new Entry<>(sources.get(i), i));
        for (Entry<S> e : entries) {
            if (e.source().advance()) queue.add(e);
        }
    }

    /**
     * Moves to the next element in merge order: the current source moves on first, so its element is
     * valid until this is called again. False when every source is exhausted.
     */
    public boolean advance() {
        if (current != null && current.source().advance()) queue.add(current);
        current = queue.poll();
        return current != null;
    }

    /** The source whose element is the current one. */
    public S current() {
        if (current == null) throw new NoSuchElementException("no current element");
        return current.source();
    }

    /** The argument position of {@link #current()}. */
    public int currentIndex() {
        if (current == null) throw new NoSuchElementException("no current element");
        return current.index();
    }
}

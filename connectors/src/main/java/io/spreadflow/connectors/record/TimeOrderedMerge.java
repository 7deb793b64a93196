package io.spreadflow.connectors.record;

import io.spreadflow.schemas.BookTicker;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;

/**
 * Merges the partitions of a ticks topic into one stream ordered by receive time. Kafka orders a
 * topic only within a partition, and a consumer returns partitions in blocks, so ticks are held
 * until no partition can still deliver an earlier one.
 *
 * <p>A partition that still has records to fetch holds back every tick later than the latest receive
 * time seen from it, less the reorder window (ticks of several venues share a partition and may be a
 * little out of order within it). A partition that has caught up with its end holds nothing back: what
 * it gets next is live. Once all have caught up, a tick is released once every tick up to its receive
 * time has been held for the reorder window (wall clock), so other partitions' earlier ticks that
 * arrive within the window still go first; all are released when nothing has arrived for that long.
 * Ties keep partition and offset order. At most
 * {@code maxBuffered} ticks are held; beyond that the earliest is released regardless, so memory
 * stays bounded.
 */
final class TimeOrderedMerge {

    /** Where released ticks go. */
    interface Sink {
        void accept(BookTicker tick) throws IOException;
    }

    private record Pending(long tsUs, int partition, long offset, BookTicker tick) {}

    private static final Comparator<Pending> ORDER = Comparator.comparingLong(Pending::tsUs)
            .thenComparingInt(Pending::partition).thenComparingLong(Pending::offset);

    private final List<Integer> partitions;
    private final long windowUs;
    private final long windowNanos;
    /** Receive times in arrival order, with their arrival (nanoTime): which ticks have been held long enough. */
    private final java.util.ArrayDeque<long[]> arrivals = new java.util.ArrayDeque<>();
    private long matureTs = Long.MIN_VALUE;
    private long lastArrivalNanos;
    private final int maxBuffered;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(ORDER);
    private final Map<Integer, Long> latestByPartition = new HashMap<>();
    private long released;
    private long late;
    private long lastReleasedTs = Long.MIN_VALUE;

    TimeOrderedMerge(List<Integer> partitions, java.time.Duration window, int maxBuffered) {
        if (window.isNegative()) throw new IllegalArgumentException("reorder window must be ≥ 0");
        if (maxBuffered < 1) throw new IllegalArgumentException("max buffered must be ≥ 1");
        this.partitions = List.copyOf(partitions);
        this.windowUs = window.toNanos() / 1000;
        this.windowNanos = window.toNanos();
        this.maxBuffered = maxBuffered;
    }

    void add(int partition, long offset, BookTicker tick, long nowNanos) {
        long ts = tick.getReceiveTsUs();
        pending.add(new Pending(ts, partition, offset, tick));
        arrivals.add(new long[] {nowNanos, ts});
        lastArrivalNanos = nowNanos;
        latestByPartition.merge(partition, ts, Math::max);
    }

    /**
     * Releases, in receive-time order, the ticks no partition can still precede.
     *
     * @param caughtUp whether a partition has no more records to fetch for now
     * @param nowNanos {@link System#nanoTime()}
     */
    void release(IntPredicate caughtUp, long nowNanos, Sink out) throws IOException {
        while (!arrivals.isEmpty() && nowNanos - arrivals.peek()[0] >= windowNanos) matureTs = Math.max(matureTs, arrivals.poll()[1]);
        boolean idle = nowNanos - lastArrivalNanos >= windowNanos;
        long bound = Long.MAX_VALUE;
        boolean allCaughtUp = true;
        for (int p : partitions) {
            if (caughtUp.test(p)) continue;
            allCaughtUp = false;
            Long seen = latestByPartition.get(p);
            bound = Math.min(bound, seen == null ? Long.MIN_VALUE : seen - windowUs);
        }
        if (allCaughtUp) bound = idle ? Long.MAX_VALUE : matureTs;
        while (!pending.isEmpty() && (pending.peek().tsUs() <= bound || pending.size() > maxBuffered)) emit(out);
    }

    /** Releases everything held, in order: at the end of a recording. */
    void releaseAll(Sink out) throws IOException {
        arrivals.clear();
        while (!pending.isEmpty()) emit(out);
    }

    private void emit(Sink out) throws IOException {
        Pending p = pending.poll();
        if (p.tsUs() < lastReleasedTs) late++;
        else lastReleasedTs = p.tsUs();
        released++;
        out.accept(p.tick());
    }

    int buffered() {
        return pending.size();
    }

    long released() {
        return released;
    }

    /** Ticks released after a later one: they arrived beyond the reorder window or the buffer limit. */
    long late() {
        return late;
    }
}

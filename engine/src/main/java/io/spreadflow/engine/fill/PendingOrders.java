package io.spreadflow.engine.fill;

import io.spreadflow.schemas.Side;

import java.util.ArrayList;
import java.util.List;

/**
 * Orders waiting for their fill: each waits for the first book of its venue at or after its due time
 * (decision time plus latency). Part of the instrument's state, so a restart keeps them.
 */
public final class PendingOrders {

    /** One waiting order leg. */
    public record Pending(String intentId, int legIndex, String venue, Side side, double quantity,
                          long intentEventTsUs, long dueTsUs) {
    }

    private final ArrayList<Pending> waiting = new ArrayList<>(4);

    public void add(Pending p) {
        waiting.add(p);
    }

    public boolean isEmpty() {
        return waiting.isEmpty();
    }

    public int size() {
        return waiting.size();
    }

    /**
     * Removes and returns, in the order they were added, the orders of {@code venue} due at
     * {@code tsUs}. Returns an empty list without allocating when none is due.
     */
    public List<Pending> takeDue(String venue, long tsUs) {
        if (waiting.isEmpty()) return List.of();
        List<Pending> due = null;
        for (int i = 0; i < waiting.size(); i++) {
            Pending p = waiting.get(i);
            if (p.dueTsUs() <= tsUs && p.venue().equals(venue)) {
                if (due == null) due = new ArrayList<>(2);
                due.add(p);
            }
        }
        if (due == null) return List.of();
        waiting.removeAll(due);
        return due;
    }

    /** Removes and returns every waiting order, in the order they were added. */
    public List<Pending> takeAll() {
        List<Pending> all = List.copyOf(waiting);
        waiting.clear();
        return all;
    }

    /** Drops the waiting legs of an intent (its legs timed out). */
    public void cancel(String intentId, int legIndex) {
        waiting.removeIf(p -> p.intentId().equals(intentId) && p.legIndex() == legIndex);
    }

    public List<Pending> view() {
        return List.copyOf(waiting);
    }
}

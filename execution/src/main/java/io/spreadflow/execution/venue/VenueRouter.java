package io.spreadflow.execution.venue;

import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;

import java.util.Map;

/** Sends each leg to its venue's live adapter when that venue trades live, and to paper otherwise. */
public final class VenueRouter implements VenueAdapter {

    private final Map<String, ? extends VenueAdapter> live;
    private final VenueAdapter paper;

    public VenueRouter(Map<String, ? extends VenueAdapter> live, VenueAdapter paper) {
        this.live = Map.copyOf(live);
        this.paper = paper;
    }

    private VenueAdapter of(OrderIntent intent, int legIndex) {
        VenueAdapter a = live.get(intent.getLegs().get(legIndex).getVenue());
        return a != null ? a : paper;
    }

    @Override
    public ExecutionReport execute(OrderIntent intent, int legIndex) {
        return of(intent, legIndex).execute(intent, legIndex);
    }

    @Override
    public ExecutionReport resume(OrderIntent intent, int legIndex) {
        return of(intent, legIndex).resume(intent, legIndex);
    }

    @Override
    public String toString() {
        return "VenueRouter[live=" + live.keySet() + ", else " + paper.getClass().getSimpleName() + "]";
    }
}

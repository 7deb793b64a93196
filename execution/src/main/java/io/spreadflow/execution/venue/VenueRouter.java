package io.spreadflow.execution.venue;

import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends each leg to its venue's live adapter when that venue trades live, and to paper otherwise.
 *
 * <p>Legs of one intent with the same quantity (the hedged legs of a delta-neutral entry) are sent
 * with the same quantity again after every live venue's lot rules: the smallest any of them can take.
 * Rounded on their own, a spot leg of 0.016685 BTC against 166 futures contracts of 0.0001 BTC would
 * leave the position unhedged by a remainder no venue accepts.
 */
public final class VenueRouter implements VenueAdapter {

    private final Map<String, LiveVenue> live;
    private final VenueAdapter paper;

    public VenueRouter(Map<String, LiveVenue> live, VenueAdapter paper) {
        this.live = Map.copyOf(live);
        this.paper = paper;
    }

    private VenueAdapter of(OrderIntent intent, int legIndex) {
        VenueAdapter a = live.get(intent.getLegs().get(legIndex).getVenue());
        return a != null ? a : paper;
    }

    @Override
    public ExecutionReport execute(OrderIntent intent, int legIndex) {
        OrderIntent fitted = commonLots(intent);
        return of(fitted, legIndex).execute(fitted, legIndex);
    }

    @Override
    public ExecutionReport resume(OrderIntent intent, int legIndex) {
        OrderIntent fitted = commonLots(intent);
        return of(fitted, legIndex).resume(fitted, legIndex);
    }

    /** {@code intent} with its equal legs cut to the largest quantity every live venue among them can send. */
    OrderIntent commonLots(OrderIntent intent) {
        List<OrderLeg> legs = intent.getLegs();
        if (legs.size() < 2) return intent;
        double q = legs.get(0).getQuantity();
        for (OrderLeg l : legs) if (Math.abs(l.getQuantity() - q) > Math.abs(q) * 1e-9) return intent;
        BigDecimal common = null;
        for (int i = 0; i < legs.size(); i++) {
            LiveVenue v = live.get(legs.get(i).getVenue());
            if (v == null) continue;
            BigDecimal s = v.sendableQuantity(intent, i);
            if (s == null) return intent; // that leg is refused with its reason anyway
            common = common == null ? s : common.min(s);
        }
        if (common == null || common.compareTo(BigDecimal.valueOf(q)) == 0) return intent;
        List<OrderLeg> fitted = new ArrayList<>();
        for (OrderLeg l : legs) fitted.add(OrderLeg.newBuilder(l).setQuantity(common.doubleValue()).build());
        return OrderIntent.newBuilder(intent).setLegs(fitted).build();
    }

    @Override
    public String toString() {
        return "VenueRouter[live=" + live.keySet() + ", else " + paper.getClass().getSimpleName() + "]";
    }
}

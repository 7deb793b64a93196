package io.spreadflow.engine.signal;

import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the order intents of one strategy: the next intent id of the instrument's book, one leg per
 * venue with something to trade (legs of zero quantity are left out), and a {@link LegRecord} per leg
 * with its deadline, so that the position knows what it has out.
 */
final class OrderTickets {

    private final String strategyId;
    private final LegTimeouts timeouts;

    OrderTickets(String strategyId, LegTimeouts timeouts) {
        this.strategyId = strategyId;
        this.timeouts = timeouts;
    }

    /**
     * Sends one intent for position {@code p}, legs in the given order.
     *
     * @param nextBook fill no earlier than each venue's next book (repairs and retries: an empty touch is not hit again at once)
     * @return false when no leg had a quantity: nothing was sent
     */
    boolean send(PositionBook b, String instrument, PositionRecord p, IntentPurpose purpose, String reason, String[] venues,
                 Side[] sides, double[] qty, long decisionTsUs, boolean nextBook, Outcome.Builder out) {
        List<OrderLeg> legs = new ArrayList<>(venues.length);
        long seq = b.intentSequence + 1;
        String intentId = IntentId.format(instrument, strategyId, b.runEpoch, seq);
        long deadline = timeouts.deadline(decisionTsUs);
        List<LegRecord> records = new ArrayList<>(venues.length);
        for (int i = 0; i < venues.length; i++) {
            if (!(qty[i] > 0)) continue;
            int index = legs.size();
            legs.add(OrderLeg.newBuilder().setVenue(venues[i]).setSide(sides[i]).setQuantity(qty[i])
                    .setLimitPrice(null).setReduceOnly(purpose == IntentPurpose.EXIT).build());
            records.add(new LegRecord(intentId, index, purpose, venues[i], sides[i], qty[i], deadline));
        }
        if (legs.isEmpty()) return false;
        b.intentSequence = seq;
        p.legs.addAll(records);
        b.intentToPosition.put(intentId, p.id);
        LegTimeouts.sent(b, deadline);
        out.send(OrderIntent.newBuilder()
                .setIntentId(intentId)
                .setInstrument(instrument)
                .setStrategyId(strategyId)
                .setSequence(seq)
                .setPurpose(purpose)
                .setLegs(legs)
                .setEventTsUs(decisionTsUs)
                .setReason(reason)
                .setPositionId(p.id)
                .build(), nextBook);
        return true;
    }

    /** Sends orders bringing the position's net on each of {@code venues} to zero; false when nothing is left. */
    boolean flatten(PositionBook b, String instrument, PositionRecord p, IntentPurpose purpose, String reason,
                    List<String> venues, long decisionTsUs, boolean nextBook, Outcome.Builder out) {
        double eps = p.eps();
        String[] vs = venues.toArray(String[]::new);
        Side[] sides = new Side[vs.length];
        double[] q = new double[vs.length];
        for (int i = 0; i < vs.length; i++) {
            double net = p.net(vs[i]);
            q[i] = Math.abs(net) > eps ? Math.abs(net) : 0;
            sides[i] = net > 0 ? Side.SELL : Side.BUY;
        }
        return send(b, instrument, p, purpose, reason, vs, sides, q, decisionTsUs, nextBook, out);
    }
}

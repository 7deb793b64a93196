package io.spreadflow.engine.signal;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.Signal;

import java.math.BigDecimal;
import java.util.List;

/** Positions, legs and a collector of decisions for the unit tests of the state machine's parts. */
final class MachineFixtures {

    static final String INSTRUMENT = "LUNC-USDT";
    static final String STRATEGY = "rdn";
    static final String SPOT = "mexc-spot";
    static final String FUT = "gateio-futures";
    static final long T0 = 1_760_000_000_000_000L;

    private MachineFixtures() {
    }

    /** What a part decided, in order, read back by kind. */
    static final class Decided {
        final Outcome.Builder out = new Outcome.Builder();

        List<Outcome.Step> all() {
            return out.build().steps();
        }

        List<Signal> signals() {
            return all().stream().filter(s -> s instanceof Outcome.Signalled).map(s -> ((Outcome.Signalled) s).signal()).toList();
        }

        List<OrderIntent> intents() {
            return all().stream().filter(s -> s instanceof Outcome.Ordered).map(s -> ((Outcome.Ordered) s).intent()).toList();
        }

        List<Boolean> nextBook() {
            return all().stream().filter(s -> s instanceof Outcome.Ordered).map(s -> ((Outcome.Ordered) s).nextBook()).toList();
        }

        List<Trade> trades() {
            return all().stream().filter(s -> s instanceof Outcome.Traded).map(s -> ((Outcome.Traded) s).trade()).toList();
        }

        List<String> reasons() {
            return signals().stream().map(Signal::getReason).toList();
        }
    }

    /** A long-spot, short-futures position {@code id} of {@code qty} base, entering, registered in {@code b}. */
    static PositionRecord position(PositionBook b, long id, double qty) {
        PositionRecord p = new PositionRecord(id, Decision.Kind.ENTER, T0, -0.5, "SPREAD_ENTRY", new String[]{SPOT, FUT},
                new Side[]{Side.BUY, Side.SELL}, qty, BigDecimal.valueOf(1000));
        p.state = PositionState.ENTERING;
        b.positions.put(id, p);
        return p;
    }

    /** A leg of {@code p} already sent, with {@code filled} of it done and the given status. */
    static LegRecord leg(PositionBook b, PositionRecord p, String intentId, int index, IntentPurpose purpose, String venue, Side side,
                         double qty, double filled, LegRecord.Status status) {
        LegRecord l = new LegRecord(intentId, index, purpose, venue, side, qty, T0 + 5_000_000);
        l.filled = filled;
        l.status = status;
        p.legs.add(l);
        b.intentToPosition.put(intentId, p.id);
        return l;
    }

    /** Both entry legs of {@code p} filled to {@code spot} and {@code fut} (done). */
    static void entryFilled(PositionBook b, PositionRecord p, double spot, double fut) {
        String id = IntentId.format(INSTRUMENT, STRATEGY, ++b.intentSequence);
        leg(b, p, id, 0, IntentPurpose.ENTRY, SPOT, Side.BUY, p.initialTarget, spot, status(spot, p.initialTarget));
        leg(b, p, id, 1, IntentPurpose.ENTRY, FUT, Side.SELL, p.initialTarget, fut, status(fut, p.initialTarget));
    }

    private static LegRecord.Status status(double filled, double qty) {
        return filled >= qty ? LegRecord.Status.FILLED : filled > 0 ? LegRecord.Status.PARTIAL_DONE : LegRecord.Status.REJECTED;
    }
}

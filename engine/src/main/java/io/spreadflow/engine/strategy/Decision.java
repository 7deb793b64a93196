package io.spreadflow.engine.strategy;

import io.spreadflow.schemas.Side;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a strategy decided on one row: nothing ({@link #HOLD}) or a list of {@link Action}s applied in
 * order. A row may close several positions and open one, as the stacking reference strategy does.
 */
public record Decision(List<Action> actions) implements Serializable {

    /** Nothing to do on this row. */
    public static final Decision HOLD = new Decision(List.of());

    public Decision {
        actions = List.copyOf(actions);
    }

    public static Decision of(Action action) {
        return new Decision(List.of(action));
    }

    public static Decision of(List<Action> actions) {
        return actions.isEmpty() ? HOLD : new Decision(actions);
    }

    public boolean isHold() {
        return actions.isEmpty();
    }

    /** Collects the actions of one row. */
    public static Builder builder() {
        return new Builder();
    }

    /** What one action does. */
    public enum Kind {
        /** Open a new position with the given legs. */
        ENTER,
        /** Close an open position; empty legs close every venue the position holds. */
        EXIT,
        /**
         * Buy on one venue and sell on another at once, holding no position afterwards (inventory
         * trading between spot venues). The trade closes when both legs filled.
         */
        ROUND_TRIP
    }

    /**
     * One order-level decision.
     *
     * @param kind        enter, exit or round trip
     * @param positionId  the strategy's id of the position (unique per instrument, > 0)
     * @param reason      why, e.g. {@code SPREAD_COMPRESSION}; goes into signals and intents
     * @param legs        the orders; for ENTER and ROUND_TRIP at least one, every leg trades the same base quantity
     * @param sizeQuote   the quote notional the strategy wants; NaN leaves it to the configured sizing
     * @param values      the numbers that decided (spread, volatility, …), for the signal record
     * @param tradeRow    for EXIT and ROUND_TRIP: the strategy's own reference trade row, in its column order
     */
    public record Action(Kind kind, long positionId, String reason, List<Leg> legs, double sizeQuote,
                         Map<String, Double> values, Map<String, Object> tradeRow) implements Serializable {
        public Action {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
            if (positionId <= 0) throw new IllegalArgumentException("position id must be > 0, got " + positionId);
            legs = List.copyOf(legs);
            if (kind != Kind.EXIT && legs.isEmpty()) throw new IllegalArgumentException(kind + " needs at least one leg");
            values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
            tradeRow = tradeRow == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(tradeRow));
        }

        public static Action enter(long positionId, String reason, List<Leg> legs, double sizeQuote, Map<String, Double> values) {
            return new Action(Kind.ENTER, positionId, reason, legs, sizeQuote, values, null);
        }

        public static Action exit(long positionId, String reason, List<Leg> legs, Map<String, Double> values,
                                  Map<String, Object> tradeRow) {
            return new Action(Kind.EXIT, positionId, reason, legs, Double.NaN, values, tradeRow);
        }

        public static Action roundTrip(long positionId, String reason, List<Leg> legs, double sizeQuote,
                                       Map<String, Double> values, Map<String, Object> tradeRow) {
            return new Action(Kind.ROUND_TRIP, positionId, reason, legs, sizeQuote, values, tradeRow);
        }
    }

    /**
     * One order of an action.
     *
     * @param venue          where
     * @param side           buy or sell
     * @param referencePrice the price the strategy's own bookkeeping assumes (the touch it decided on)
     */
    public record Leg(String venue, Side side, double referencePrice) implements Serializable {
        public Leg {
            Objects.requireNonNull(venue, "venue");
            Objects.requireNonNull(side, "side");
        }

        public static Leg buy(String venue, double referencePrice) {
            return new Leg(venue, Side.BUY, referencePrice);
        }

        public static Leg sell(String venue, double referencePrice) {
            return new Leg(venue, Side.SELL, referencePrice);
        }
    }

    /** Collects actions in the order they are to be applied. */
    public static final class Builder {
        private final List<Action> actions = new ArrayList<>(2);

        public Builder add(Action a) {
            actions.add(a);
            return this;
        }

        public Decision build() {
            return Decision.of(actions);
        }
    }
}

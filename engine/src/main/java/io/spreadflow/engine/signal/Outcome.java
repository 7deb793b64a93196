package io.spreadflow.engine.signal;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;

import java.util.ArrayList;
import java.util.List;

/**
 * What one call of the {@link SignalMachine} decided, as values in the order decided: signals, intents
 * to send, trades, and waiting orders to withdraw. The machine never calls back into its caller; the
 * caller emits the steps in order and executes the intents (an in-job fill of an intent is a report,
 * which it hands back to the machine, before going on with the next step).
 */
public final class Outcome {

    /** One thing the machine decided. */
    public interface Step {
    }

    /** A signal for the {@code signals} topic. */
    public record Signalled(Signal signal) implements Step {
    }

    /**
     * An intent to execute. {@code nextBook}: fill no earlier than the next book of each leg's venue
     * (repairs and retries, so that an empty touch is not hit again at once).
     */
    public record Ordered(OrderIntent intent, boolean nextBook) implements Step {
    }

    /** A closed trade. */
    public record Traded(Trade trade) implements Step {
    }

    /** A leg given up: its order, if still waiting for a book, must not fill any more. */
    public record Withdrawn(String intentId, int legIndex) implements Step {
    }

    /** Nothing decided, nothing applied. */
    public static final Outcome NONE = new Outcome(List.of(), false);

    private final List<Step> steps;
    private final boolean applied;

    private Outcome(List<Step> steps, boolean applied) {
        this.steps = steps;
        this.applied = applied;
    }

    /** The steps, in the order decided. */
    public List<Step> steps() {
        return steps;
    }

    /** For a report: whether it changed its leg (false: a repeat, unknown, or no outcome yet). */
    public boolean applied() {
        return applied;
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    @Override
    public String toString() {
        return "Outcome" + steps + (applied ? " applied" : "");
    }

    /** Collects the steps of one call; most calls decide a handful, many decide nothing. */
    static final class Builder {
        private List<Step> steps;

        void signal(Signal s) {
            add(new Signalled(s));
        }

        void send(OrderIntent intent, boolean nextBook) {
            add(new Ordered(intent, nextBook));
        }

        void trade(Trade t) {
            add(new Traded(t));
        }

        void withdraw(String intentId, int legIndex) {
            add(new Withdrawn(intentId, legIndex));
        }

        private void add(Step s) {
            if (steps == null) steps = new ArrayList<>(4);
            steps.add(s);
        }

        /** The steps so far, as an immutable outcome. */
        Outcome build() {
            return build(false);
        }

        Outcome build(boolean applied) {
            if (steps == null) return applied ? new Outcome(List.of(), true) : NONE;
            return new Outcome(List.copyOf(steps), applied);
        }
    }
}

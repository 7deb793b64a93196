package io.spreadflow.engine;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import io.spreadflow.engine.accounting.Trade;

/**
 * Where the engine puts what one input produced. The Flink operator forwards each kind to its own
 * output; tests collect them in lists. Calls arrive in the order the engine decided them.
 */
public interface EngineOutput {

    /** A decision or a state-machine transition, for the {@code signals} topic. */
    void signal(Signal signal);

    /** An order the framework wants executed, for the execution service and {@code order-intents}. */
    void intent(OrderIntent intent);

    /** A fill produced inside the job by the fill model (backtests, in-job paper trading). */
    void execution(ExecutionReport report);

    /** A closed trade, with the strategy's reference P&L and the booked quote-currency P&L. */
    void trade(Trade trade);

    /** A tick the quote board refused; it goes to the dead-letter topic with this reason. */
    void rejected(BookTicker tick, String reason);

    /**
     * An execution report the engine gives up on (a buffer reached its {@link BufferBound}); it goes to the
     * dead-letter topic with this reason. Only engines that fill through the execution service produce
     * these: an output for such an engine must keep them.
     */
    default void rejected(ExecutionReport report, String reason) {
        throw new UnsupportedOperationException("this output cannot keep the refused report " + report.getIntentId() + ": " + reason);
    }

    /** A buffer of the state reached its bound (counted in the job's metrics); a HALT signal or a dead letter says what followed. */
    default void boundHit(BufferBound bound) {
    }
}

package io.spreadflow.engine.strategy;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.schemas.ExecutionReport;

import java.io.Serializable;
import java.util.List;

/**
 * A trading strategy: decides on each row what to enter and exit. It holds no fields that change; its
 * per-instrument memory is the serializable state {@code S} the framework keeps (in Flink keyed state)
 * and passes back on every call. The framework runs the signal state machine, sizing limits, fills and
 * accounting around it (DESIGN §4). The framework stores {@code S} field by field with each field's name
 * ({@link io.spreadflow.engine.state.StrategyStateCodec}), so its class may gain or lose fields between
 * releases and old savepoints still restore; the strategy writes no code for it.
 *
 * <p>Implementations are found by {@link #id()} through {@link java.util.ServiceLoader}: list the class
 * in {@code META-INF/services/io.spreadflow.engine.strategy.SignalStrategy}. They need a public
 * no-argument constructor.
 *
 * @param <S> the strategy's own per-instrument state
 */
public interface SignalStrategy<S extends Serializable> {

    /** The id configurations name the strategy by, e.g. {@code rdn}. */
    String id();

    /** Every parameter the strategy reads, with its reference default and range. */
    List<ParameterSpec> parameters();

    /** The indicators the framework should keep for this strategy; none by default. */
    default List<IndicatorSpec> indicators(StrategyConfig config) {
        return List.of();
    }

    /** The state of an instrument seen for the first time. */
    S initialState(StrategyConfig config);

    /**
     * The decision for one row. Called once per row, in row order; may update {@code state}.
     * Return {@link Decision#HOLD} to do nothing.
     */
    Decision onMarket(S state, MarketView market, PositionView positions);

    /** Last check before an entry (or round trip) goes out; accepts by default. */
    default ValidationResult validateEntry(S state, Decision.Action entry, MarketView market) {
        return ValidationResult.OK;
    }

    /** Last check before an exit goes out; accepts by default. */
    default ValidationResult validateExit(S state, Decision.Action exit, PositionView positions, MarketView market) {
        return ValidationResult.OK;
    }

    /**
     * The size of an entry or round trip. By default the action's quote notional (the configured
     * sizing when the strategy left it NaN, which the framework fills in before this call) at the first
     * leg's reference price.
     */
    default PositionSize size(S state, Decision.Action entry, Balances balances) {
        return PositionSize.ofNotional(entry.sizeQuote(), entry.legs().get(0).referencePrice());
    }

    /**
     * True when the strategy keeps its own book of positions (as the reference ports do) and so will
     * still exit a position the framework unwound after a failed leg: that position's trade then waits
     * for the strategy's exit and carries its row, and is booked with reason {@code UNWIND} only when the
     * exit can no longer come (end of input). False by default: a strategy that reads
     * {@link PositionView} sees the position gone, and its {@code UNWIND} trade goes out at once.
     */
    default boolean keepsOwnPositions() {
        return false;
    }

    /** A fill or rejection of one of this strategy's orders; nothing by default. */
    default void onExecution(S state, ExecutionReport report) {
    }
}

package io.spreadflow.job;

import io.spreadflow.engine.EngineOutput;
import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.InstrumentState;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine run by hand, without Flink: each instrument's ticks in input order through one engine.
 * What the job must reproduce, whatever its parallelism, state backend or transport.
 */
final class DirectEngineRun {

    /** What the engine emitted for one instrument, in emission order. */
    static final class Recorded implements EngineOutput {
        final List<Signal> signals = new ArrayList<>();
        final List<OrderIntent> intents = new ArrayList<>();
        final List<ExecutionReport> executions = new ArrayList<>();
        final List<Trade> trades = new ArrayList<>();
        final List<String> rejections = new ArrayList<>();

        @Override public void signal(Signal s) { signals.add(s); }
        @Override public void intent(OrderIntent i) { intents.add(i); }
        @Override public void execution(ExecutionReport r) { executions.add(r); }
        @Override public void trade(Trade t) { trades.add(t); }
        @Override public void rejected(BookTicker tick, String reason) { rejections.add(reason); }
    }

    private DirectEngineRun() {}

    /** Per instrument (in order of first appearance): what the engine emits for these ticks. */
    static Map<String, Recorded> run(StrategyConfig config, List<BookTicker> ticks, boolean endOfInput) {
        InstrumentEngine engine = InstrumentEngine.of(config);
        Map<String, InstrumentState> states = new LinkedHashMap<>();
        Map<String, Recorded> out = new LinkedHashMap<>();
        for (BookTicker t : ticks) {
            InstrumentState s = states.computeIfAbsent(t.getInstrument(), engine::newState);
            engine.onTick(s, t, out.computeIfAbsent(t.getInstrument(), k -> new Recorded()));
        }
        if (endOfInput) states.forEach((instrument, s) -> engine.onEndOfInput(s, out.get(instrument)));
        return out;
    }

    /** Every intent over all instruments. */
    static List<OrderIntent> allIntents(Map<String, Recorded> byInstrument) {
        return byInstrument.values().stream().flatMap(r -> r.intents.stream()).toList();
    }

    static List<Signal> allSignals(Map<String, Recorded> byInstrument) {
        return byInstrument.values().stream().flatMap(r -> r.signals.stream()).toList();
    }
}

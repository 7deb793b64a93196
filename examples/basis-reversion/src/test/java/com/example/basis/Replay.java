package com.example.basis;

import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineOutput;
import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.InstrumentState;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.strategy.SignalStrategy;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;

import java.util.ArrayList;
import java.util.List;

/** Runs a strategy through the framework's engine over a list of ticks and keeps everything it emits. */
final class Replay implements EngineOutput {

    final List<Signal> signals = new ArrayList<>();
    final List<OrderIntent> intents = new ArrayList<>();
    final List<ExecutionReport> executions = new ArrayList<>();
    final List<Trade> trades = new ArrayList<>();
    final List<String> rejected = new ArrayList<>();

    static Replay run(StrategyConfig config, SignalStrategy<?> strategy, String instrument, List<BookTicker> ticks) {
        InstrumentEngine engine = new DefaultInstrumentEngine(config, strategy);
        InstrumentState state = engine.newState(instrument);
        Replay out = new Replay();
        for (BookTicker t : ticks) engine.onTick(state, t, out);
        engine.onEndOfInput(state, out);
        return out;
    }

    /** The strategy's decisions: ENTER and EXIT signals, in order. */
    List<Signal> decisions() {
        return signals.stream().filter(s -> s.getKind() == SignalKind.ENTER || s.getKind() == SignalKind.EXIT).toList();
    }

    @Override
    public void signal(Signal signal) {
        signals.add(signal);
    }

    @Override
    public void intent(OrderIntent intent) {
        intents.add(intent);
    }

    @Override
    public void execution(ExecutionReport report) {
        executions.add(report);
    }

    @Override
    public void trade(Trade trade) {
        trades.add(trade);
    }

    @Override
    public void rejected(BookTicker tick, String reason) {
        rejected.add(reason);
    }
}

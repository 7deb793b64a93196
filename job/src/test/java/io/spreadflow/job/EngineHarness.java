package io.spreadflow.job;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.job.source.EngineInput;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one engine operator ({@link EngineFunction.Operator}) in Flink's keyed test harness: ticks and
 * execution reports keyed as the workflow keys them, with the outputs split by kind for assertions.
 */
final class EngineHarness extends KeyedOneInputStreamOperatorTestHarness<String, EngineInput, EngineEvent> {

    private long seq;

    EngineHarness(EngineFactory engines) throws Exception {
        this(engines, false);
    }

    EngineHarness(EngineFactory engines, boolean summaries) throws Exception {
        this(engines, summaries, 0);
    }

    /** With the idle timer: a key without a tick for {@code idleAfterMs} of event time loses its market state. */
    EngineHarness(EngineFactory engines, boolean summaries, long idleAfterMs) throws Exception {
        super(new EngineFunction.Operator(new EngineFunction(engines, "ticks", summaries, 0, idleAfterMs)), EngineInput::key, Types.STRING);
    }

    /** Around {@code function} as configured. */
    EngineHarness(EngineFunction function) throws Exception {
        super(new EngineFunction.Operator(function), EngineInput::key, Types.STRING);
    }

    EngineFunction function() {
        return (EngineFunction) ((EngineFunction.Operator) getOperator()).getUserFunction();
    }

    /** Instruments (keys) whose engine state the keyed state holds: a market part. */
    int engineStates() throws Exception {
        return keysOf(EngineFunction.MARKET.getName());
    }

    /**
     * Keyed state entries besides the engine state's parts (market, book, open positions), on a heap backend:
     * held ticks, early reports and the like live inside the engine state, never beside it.
     */
    int otherStateEntries() throws Exception {
        return numKeyedStateEntries() - keysOf(EngineFunction.MARKET.getName()) - keysOf(EngineFunction.BOOK.getName())
                - keysOf(EngineFunction.POSITIONS.getName());
    }

    private int keysOf(String state) throws Exception {
        try (var keys = getOperator().getKeyedStateBackend().getKeys(state, org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
            return (int) keys.count();
        }
    }

    /** On RocksDB, which hands out copies: what the engine changed must be written back. */
    static EngineHarness onRocksDb(EngineFactory engines) throws Exception {
        EngineHarness h = new EngineHarness(engines);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    /** A tick, with the receive time as record timestamp and the next input sequence. */
    void tick(BookTicker t) throws Exception {
        processElement(new StreamRecord<>(EngineInput.of(t, seq++), t.getReceiveTsUs() / 1000));
    }

    void ticks(List<BookTicker> ticks) throws Exception {
        for (BookTicker t : ticks) tick(t);
    }

    /** The end of both inputs: fires the engine's end-of-input timers. */
    void endOfInput() throws Exception {
        processWatermark(Long.MAX_VALUE);
    }

    void report(ExecutionReport r) throws Exception {
        processElement(new StreamRecord<>(EngineInput.of(r)));
    }

    List<Signal> signals() { return kind(e -> e.signal); }
    List<OrderIntent> intents() { return kind(e -> e.intent); }
    List<ExecutionReport> executions() { return kind(e -> e.execution); }
    List<Trade> trades() { return kind(e -> e.trade); }
    List<DeadLetter> deadLetters() { return kind(e -> e.deadLetter); }
    List<EngineEvent> summaries() { return extractOutputValues().stream().filter(EngineEvent::isKeySummary).toList(); }

    private <T> List<T> kind(Function<EngineEvent, T> field) {
        List<T> out = new ArrayList<>();
        for (EngineEvent e : extractOutputValues()) {
            T v = field.apply(e);
            if (v != null) out.add(v);
        }
        return out;
    }
}

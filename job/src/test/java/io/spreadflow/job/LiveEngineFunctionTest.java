package io.spreadflow.job;

import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.engine.EngineOutput;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.InstrumentState;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.execution.book.QuoteHistory;
import io.spreadflow.execution.venue.PaperVenue;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The live keyed operator, ticks on one input and the execution service's reports on the other, with
 * the paper venue playing the service: it forwards what the engine emits, keeps one state per
 * instrument, holds ticks in that state while reports are outstanding (so late reports change nothing),
 * and after a restore (on the heap backend, and on RocksDB, where the engine states live on the heap between
 * snapshots) takes reports that arrive before their intent is decided again.
 */
class LiveEngineFunctionTest {

    private static final StrategyConfig CONFIG = LiveEngines.viaService(EngineConfigs.demo());
    /** 300 s of the synthetic market (three instruments): several dislocations each. */
    private static final List<BookTicker> TICKS = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 30_000);
    private static final int INSTRUMENTS = SyntheticMarket.Settings.DEFAULT.instruments().size();
    private static final Map<String, BigDecimal> FEES = LiveEngines.takerFees(CONFIG);

    private static KeyedTwoInputStreamOperatorTestHarness<String, BookTicker, ExecutionReport, Signal> harness(boolean rocksDb)
            throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new LiveEngineFunction.Operator(new LiveEngineFunction(new LiveEngines.ViaService(CONFIG), "ticks")),
                (KeySelector<BookTicker, String>) BookTicker::getInstrument,
                (KeySelector<ExecutionReport, String>) ExecutionReport::getInstrument, Types.STRING);
        if (rocksDb) h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    /** The execution service's part: paper fills on the ticks it has seen, answered after {@code lag} more ticks. */
    private static class PaperService {
        final QuoteHistory books = new QuoteHistory(TICKS.size());
        final PaperVenue venue = new PaperVenue(books, 0, PaperVenue.takerFillModel(FEES, BigDecimal.ZERO));
        final List<ExecutionReport> published = new ArrayList<>();

        List<ExecutionReport> execute(OrderIntent intent) {
            List<ExecutionReport> out = new ArrayList<>();
            for (int i = 0; i < intent.getLegs().size(); i++) out.add(venue.execute(intent, i));
            published.addAll(out);
            return out;
        }
    }

    /** Drives a harness: ticks in, intents out to the paper service, its reports back in after a lag. */
    private static final class Loop {
        final KeyedTwoInputStreamOperatorTestHarness<String, BookTicker, ExecutionReport, Signal> h;
        final PaperService service;
        final int lag;
        final List<ExecutionReport> due = new ArrayList<>();
        int intentsSeen;
        int ticksSinceDue;
        int maxHeld;
        /** Look at the held ticks every this many ticks; 0: never (reading the state costs a deserialization). */
        int watchEvery;
        int fed;

        Loop(KeyedTwoInputStreamOperatorTestHarness<String, BookTicker, ExecutionReport, Signal> h, PaperService service, int lag) {
            this.h = h;
            this.service = service;
            this.lag = lag;
        }

        void feed(List<BookTicker> ticks) throws Exception {
            for (BookTicker t : ticks) {
                service.books.add(t);
                h.processElement1(new StreamRecord<>(t, t.getReceiveTsUs() / 1000));
                collectIntents();
                if (watchEvery > 0 && ++fed % watchEvery == 0) maxHeld = Math.max(maxHeld, held(h, t.getInstrument()));
                if (!due.isEmpty() && ticksSinceDue++ >= lag) deliver();
            }
            while (!due.isEmpty()) deliver();
        }

        void deliver() throws Exception {
            List<ExecutionReport> now = new ArrayList<>(due);
            due.clear();
            ticksSinceDue = 0;
            for (ExecutionReport r : now) h.processElement2(new StreamRecord<>(r));
            collectIntents();
        }

        void collectIntents() {
            List<OrderIntent> all = intents(h);
            while (intentsSeen < all.size()) due.addAll(service.execute(all.get(intentsSeen++)));
        }
    }

    private static List<OrderIntent> intents(KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, ?> h) {
        var q = h.getSideOutput(EngineFunction.INTENTS);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
    }

    private static EngineState state(KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h, String instrument) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(instrument);
        ValueState<InstrumentState> v = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                LiveEngineFunction.STATE);
        return (EngineState) v.value();
    }

    /** Ticks the operator holds for the instrument, beside the engine's state (on RocksDB, the count on the heap). */
    private static int held(KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h, String instrument) throws Exception {
        var operator = (LiveEngineFunction.Operator) h.getOperator();
        operator.setCurrentKey(instrument);
        return ((LiveEngineFunction) operator.getUserFunction()).heldTicks(instrument);
    }

    /** The same loop without Flink: the engine by hand, each report delivered right after the tick that led to it. */
    private static Map<String, List<OrderIntent>> direct() {
        InstrumentEngine engine = InstrumentEngine.of(LiveEngines.viaService(CONFIG));
        PaperService service = new PaperService();
        Map<String, InstrumentState> states = new HashMap<>();
        Map<String, List<OrderIntent>> out = new LinkedHashMap<>();
        EngineOutput sink = new EngineOutput() {
            @Override public void signal(Signal signal) { }
            @Override public void intent(OrderIntent intent) { out.computeIfAbsent(intent.getInstrument(), k -> new ArrayList<>()).add(intent); }
            @Override public void execution(ExecutionReport report) { }
            @Override public void trade(Trade trade) { }
            @Override public void rejected(BookTicker tick, String reason) { }
        };
        int answered = 0;
        List<OrderIntent> sent = new ArrayList<>();
        EngineOutput recording = new EngineOutput() {
            @Override public void signal(Signal signal) { }
            @Override public void intent(OrderIntent intent) { sink.intent(intent); sent.add(intent); }
            @Override public void execution(ExecutionReport report) { }
            @Override public void trade(Trade trade) { }
            @Override public void rejected(BookTicker tick, String reason) { }
        };
        for (BookTicker t : TICKS) {
            service.books.add(t);
            InstrumentState s = states.computeIfAbsent(t.getInstrument(), engine::newState);
            engine.onTick(s, t, recording);
            while (answered < sent.size()) {
                OrderIntent i = sent.get(answered++);
                for (ExecutionReport r : service.execute(i)) engine.onExecution(states.get(i.getInstrument()), r, recording);
            }
        }
        return out;
    }

    private static Map<String, List<OrderIntent>> byInstrument(List<OrderIntent> intents) {
        Map<String, List<OrderIntent>> m = new LinkedHashMap<>();
        for (OrderIntent i : intents) m.computeIfAbsent(i.getInstrument(), k -> new ArrayList<>()).add(i);
        return m;
    }

    @Test
    void sendsTheIntentsTheEngineDecidesWithOneStatePerInstrument() throws Exception {
        Map<String, List<OrderIntent>> expected = direct();
        assertThat(expected.values().stream().mapToInt(List::size).sum()).as("the synthetic market must make the engine trade")
                .isGreaterThanOrEqualTo(10);
        try (var h = harness(false)) {
            h.open();
            Loop loop = new Loop(h, new PaperService(), 0);
            loop.feed(TICKS);
            assertThat(byInstrument(intents(h))).isEqualTo(expected);
            assertThat(h.extractOutputValues()).as("signals").isNotEmpty();
            assertThat(h.numKeyedStateEntries()).as("one engine state per instrument").isEqualTo(INSTRUMENTS);
            for (String instrument : expected.keySet()) {
                EngineState s = state(h, instrument);
                assertThat(s.heldTicks() + held(h, instrument)).as("ticks left waiting in %s", instrument).isZero();
                assertThat(s.positions().hasWorkingLegs()).as("orders left out for %s", instrument).isFalse();
            }
        }
    }

    @Test
    void lateReportsChangeNothingBecauseTheTicksWaitInTheState() throws Exception {
        Map<String, List<OrderIntent>> expected = direct();
        try (var h = harness(true)) {
            h.open();
            Loop loop = new Loop(h, new PaperService(), 25);
            loop.watchEvery = 7;
            loop.feed(TICKS);
            assertThat(loop.maxHeld).as("ticks held while reports were out").isGreaterThanOrEqualTo(10);
            assertThat(byInstrument(intents(h))).isEqualTo(expected);
            for (String instrument : expected.keySet()) assertThat(held(h, instrument)).isZero();
        }
    }

    @ParameterizedTest(name = "RocksDB: {0}")
    @ValueSource(booleans = {false, true})
    void afterARestoreReportsArrivingBeforeTheirIntentAndRepeatedReportsChangeNothing(boolean rocksDb) throws Exception {
        Map<String, List<OrderIntent>> expected = direct();
        List<OrderIntent> all = expected.values().stream().flatMap(List::stream).toList();
        // cut just before the tick that decides an intent in the middle of the run
        OrderIntent middle = all.stream().sorted(java.util.Comparator.comparingLong(OrderIntent::getEventTsUs))
                .toList().get(all.size() / 2);
        int cut = 0;
        while (TICKS.get(cut).getReceiveTsUs() < middle.getEventTsUs()) cut++;

        OperatorSubtaskState checkpoint;
        List<OrderIntent> beforeCut;
        PaperService service = new PaperService();
        List<ExecutionReport> publishedAfterCut;
        try (var h = harness(rocksDb)) {
            h.open();
            Loop loop = new Loop(h, service, 0);
            loop.feed(TICKS.subList(0, cut));
            checkpoint = h.snapshot(1L, 1L);
            beforeCut = intents(h);
            int published = service.published.size();
            // the run goes on a little, its reports are published, then it fails
            loop.feed(TICKS.subList(cut, Math.min(TICKS.size(), cut + 2_000)));
            publishedAfterCut = List.copyOf(service.published.subList(published, service.published.size()));
        }
        assertThat(publishedAfterCut).as("reports published after the checkpoint").isNotEmpty();
        try (var h = harness(rocksDb)) {
            h.initializeState(checkpoint);
            h.open();
            // the executions topic is read again from the checkpoint: those reports come first, some twice
            for (ExecutionReport r : publishedAfterCut) h.processElement2(new StreamRecord<>(r));
            for (ExecutionReport r : publishedAfterCut) h.processElement2(new StreamRecord<>(r));
            int signalsBeforeTicks = h.extractOutputValues().size();
            assertThat(signalsBeforeTicks).as("nothing said about reports of intents still to come").isZero();
            // the service answers a resent intent from its ledger, without executing it again
            PaperService ledger = new PaperService() {
                final Map<String, List<ExecutionReport>> stored = new HashMap<>();

                {
                    for (ExecutionReport r : publishedAfterCut) stored.computeIfAbsent(r.getIntentId(), k -> new ArrayList<>()).add(r);
                }

                @Override
                List<ExecutionReport> execute(OrderIntent intent) {
                    return stored.containsKey(intent.getIntentId()) ? List.of() : super.execute(intent);
                }
            };
            Loop replay = new Loop(h, ledger, 0);
            for (BookTicker t : TICKS.subList(0, cut)) ledger.books.add(t);
            replay.feed(TICKS.subList(cut, TICKS.size()));
            List<OrderIntent> combined = new ArrayList<>(beforeCut);
            combined.addAll(intents(h));
            assertThat(byInstrument(combined)).isEqualTo(expected);
            // on RocksDB the engine states reach the keyed state with the next snapshot
            h.snapshot(2L, 2L);
            for (String instrument : expected.keySet()) assertThat(state(h, instrument).earlyReports()).as("reports left unapplied").isZero();
        }
    }

    @Test
    void refusesAnEngineThatFillsInTheJob() throws Exception {
        StrategyConfig inJob = CONFIG.toBuilder().execution(CONFIG.execution().withMode(StrategyConfig.ExecutionMode.IN_JOB)).build();
        EngineFactory filling = () -> InstrumentEngine.of(inJob);
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new LiveEngineFunction.Operator(new LiveEngineFunction(filling, "ticks")),
                (KeySelector<BookTicker, String>) BookTicker::getInstrument,
                (KeySelector<ExecutionReport, String>) ExecutionReport::getInstrument, Types.STRING);
        assertThatThrownBy(h::open).hasMessageContaining("execution.mode");
        h.close();
    }
}

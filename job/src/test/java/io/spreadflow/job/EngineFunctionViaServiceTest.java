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
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
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
 * The engine operator with execution through the service (the live loop): ticks on one input and the
 * execution service's reports on the other, with the paper venue playing the service: it forwards what the engine emits, keeps one state per
 * instrument, holds ticks in that state while reports are outstanding (so late reports change nothing),
 * and after a restore (on the heap backend, and on RocksDB, where the engine states live on the heap between
 * snapshots) takes reports that arrive before their intent is decided again.
 */
class EngineFunctionViaServiceTest {

    private static final EngineFactory ENGINES = EngineFactory.of(EngineConfigs.demo()).viaService();
    private static final StrategyConfig CONFIG = ENGINES.config();
    /** 300 s of the synthetic market (three instruments): several dislocations each. */
    private static final List<BookTicker> TICKS = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 30_000);
    private static final int INSTRUMENTS = SyntheticMarket.Settings.DEFAULT.instruments().size();
    private static final Map<String, BigDecimal> FEES = ENGINES.takerFees();

    private static EngineHarness harness(boolean rocksDb) throws Exception {
        return rocksDb ? EngineHarness.onRocksDb(ENGINES) : new EngineHarness(ENGINES);
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
        final EngineHarness h;
        final PaperService service;
        final int lag;
        final List<ExecutionReport> due = new ArrayList<>();
        int intentsSeen;
        int ticksSinceDue;
        int maxHeld;
        /** Look at the held ticks every this many ticks; 0: never (reading the state costs a deserialization). */
        int watchEvery;
        int fed;

        Loop(EngineHarness h, PaperService service, int lag) {
            this.h = h;
            this.service = service;
            this.lag = lag;
        }

        void feed(List<BookTicker> ticks) throws Exception {
            for (BookTicker t : ticks) {
                service.books.add(t);
                h.tick(t);
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
            for (ExecutionReport r : now) h.report(r);
            collectIntents();
        }

        void collectIntents() {
            List<OrderIntent> all = intents(h);
            while (intentsSeen < all.size()) due.addAll(service.execute(all.get(intentsSeen++)));
        }
    }

    private static List<OrderIntent> intents(EngineHarness h) {
        return h.intents();
    }

    /** The instrument's engine state as the operator holds it (on RocksDB, the heap copy before any snapshot writes it). */
    private static EngineState state(EngineHarness h, String instrument) throws Exception {
        var operator = (EngineFunction.Operator) h.getOperator();
        operator.setCurrentKey(instrument);
        return (EngineState) ((EngineFunction) operator.getUserFunction()).stateOf(instrument);
    }

    /** Ticks the engine holds for the instrument while its orders are out. */
    private static int held(EngineHarness h, String instrument) throws Exception {
        EngineState s = state(h, instrument);
        return s == null ? 0 : s.heldTicks();
    }

    /** The same loop without Flink: the engine by hand, each report delivered right after the tick that led to it. */
    private static Map<String, List<OrderIntent>> direct() {
        InstrumentEngine engine = ENGINES.create(0);
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
            assertThat(h.signals()).as("signals").isNotEmpty();
            assertThat(h.engineStates()).as("one engine state per instrument").isEqualTo(INSTRUMENTS);
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
            for (String instrument : expected.keySet()) {
                EngineState s = state(h, instrument);
                assertThat(s.heldTicks()).as("ticks left waiting in %s", instrument).isZero();
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
            for (ExecutionReport r : publishedAfterCut) h.report(r);
            for (ExecutionReport r : publishedAfterCut) h.report(r);
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
    void theWorkflowRefusesServiceExecutionWithoutReportsToReadBack() {
        var env = org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment();
        assertThatThrownBy(() -> Workflow.defineWorkflow(env, BoundedTicks.ticks(TICKS.subList(0, 10)), null, ENGINES, e -> { }))
                .hasMessageContaining("execution.mode");
    }
}

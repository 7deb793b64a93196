package io.spreadflow.job;

import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.job.serde.AvroBinaryCodec;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.schemas.IntentPurpose;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyed engine operator: it forwards exactly what the engine emits, keeps one
 * state entry and one end-of-input timer per instrument, survives a snapshot and restore on RocksDB (where
 * the states live on the heap between snapshots), and leaves no state behind once the input ends.
 */
class EngineFunctionTest {

    private static final StrategyConfig CONFIG = EngineConfigs.demo();
    /** 300 s of the synthetic market (three instruments): several dislocations each. */
    private static final List<BookTicker> TICKS = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT, 30_000);
    private static final int INSTRUMENTS = SyntheticMarket.Settings.DEFAULT.instruments().size();

    /** On the heap backend, which can count its state entries. */
    private static EngineHarness harness() throws Exception {
        return new EngineHarness(EngineFactory.of(CONFIG));
    }

    /** On RocksDB, which hands out copies: what the engine changed must be written back. */
    private static EngineHarness rocksDbHarness() throws Exception {
        return EngineHarness.onRocksDb(EngineFactory.of(CONFIG));
    }

    private static void feed(EngineHarness h, List<BookTicker> ticks) throws Exception {
        h.ticks(ticks);
    }

    @Test
    void forwardsWhatTheEngineEmitsWithOneStateEntryAndTimerPerInstrument() throws Exception {
        Map<String, DirectEngineRun.Recorded> expected = DirectEngineRun.run(CONFIG, TICKS, false);
        assertThat(DirectEngineRun.allIntents(expected)).as("the synthetic market must make the engine trade").isNotEmpty();
        try (var h = harness()) {
            h.open();
            feed(h, TICKS);
            assertThat(h.signals()).containsExactlyInAnyOrderElementsOf(DirectEngineRun.allSignals(expected));
            for (String instrument : expected.keySet()) {
                assertThat(h.intents().stream().filter(i -> i.getInstrument().equals(instrument)).toList())
                        .as("intents of %s in order", instrument).containsExactlyElementsOf(expected.get(instrument).intents);
                assertThat(h.executions().stream().filter(i -> i.getInstrument().equals(instrument)).toList())
                        .as("fills of %s in order", instrument).containsExactlyElementsOf(expected.get(instrument).executions);
            }
            assertThat(h.trades()).hasSize(expected.values().stream().mapToInt(r -> r.trades.size()).sum());
            assertThat(h.engineStates()).as("one engine state per instrument").isEqualTo(INSTRUMENTS);
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
            assertThat(h.numEventTimeTimers()).as("one end-of-input timer per instrument").isEqualTo(INSTRUMENTS);
        }
    }

    @Test
    void endOfInputClosesTheLastBarsAndClearsAllState() throws Exception {
        Map<String, DirectEngineRun.Recorded> expected = DirectEngineRun.run(CONFIG, TICKS, true);
        try (var h = harness()) {
            h.open();
            feed(h, TICKS);
            h.endOfInput();
            assertThat(h.signals()).containsExactlyInAnyOrderElementsOf(DirectEngineRun.allSignals(expected));
            assertThat(h.intents()).containsExactlyInAnyOrderElementsOf(DirectEngineRun.allIntents(expected));
            assertThat(h.numKeyedStateEntries()).as("state left after the end of input").isZero();
            assertThat(h.numEventTimeTimers()).as("timers left after the end of input").isZero();
        }
    }

    @Test
    void restoredStateContinuesExactlyWhereTheSnapshotLeftOff() throws Exception {
        int cut = TICKS.size() / 2;
        Map<String, DirectEngineRun.Recorded> whole = DirectEngineRun.run(CONFIG, TICKS, false);
        OperatorSubtaskState snapshot;
        List<OrderIntent> before;
        try (var h = rocksDbHarness()) {
            h.open();
            feed(h, TICKS.subList(0, cut));
            before = h.intents();
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = rocksDbHarness()) {
            h.initializeState(snapshot);
            h.open();
            assertThat(h.numEventTimeTimers()).as("end-of-input timers restored").isEqualTo(INSTRUMENTS);
            feed(h, TICKS.subList(cut, TICKS.size()));
            List<OrderIntent> all = new java.util.ArrayList<>(before);
            all.addAll(h.intents());
            assertThat(all).containsExactlyInAnyOrderElementsOf(DirectEngineRun.allIntents(whole));
        }
    }

    /** What the operator emitted so far, per instrument in emission order. */
    private static Map<String, DirectEngineRun.Recorded> emitted(EngineHarness h) {
        Map<String, DirectEngineRun.Recorded> out = new LinkedHashMap<>();
        for (Signal s : h.signals()) out.computeIfAbsent(s.getInstrument(), k -> new DirectEngineRun.Recorded()).signal(s);
        for (OrderIntent i : h.intents()) out.computeIfAbsent(i.getInstrument(), k -> new DirectEngineRun.Recorded()).intent(i);
        for (ExecutionReport r : h.executions()) out.computeIfAbsent(r.getInstrument(), k -> new DirectEngineRun.Recorded()).execution(r);
        for (Trade t : h.trades()) out.computeIfAbsent(t.instrument(), k -> new DirectEngineRun.Recorded()).trade(t);
        return out;
    }

    /** The instrument's state as the keyed state holds it (not the operator's heap copy). */
    private static EngineState stored(EngineHarness h, String instrument) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(instrument);
        return InstrumentStates.stored(backend);
    }

    @Test
    void snapshotMidPositionWithStatesOnTheHeapRestoresIntoANewOperatorThatContinuesAsAnUninterruptedRun() throws Exception {
        Map<String, DirectEngineRun.Recorded> whole = DirectEngineRun.run(CONFIG, TICKS, true);
        // cut half-way between an instrument's first entry and the exit after it: its position is open
        String instrument = null;
        long cutTsUs = 0;
        for (var e : whole.entrySet()) {
            List<OrderIntent> intents = e.getValue().intents;
            int entry = 0;
            while (entry < intents.size() && intents.get(entry).getPurpose() != IntentPurpose.ENTRY) entry++;
            int exit = entry;
            while (exit < intents.size() && intents.get(exit).getPurpose() != IntentPurpose.EXIT) exit++;
            if (exit < intents.size()) {
                instrument = e.getKey();
                cutTsUs = (intents.get(entry).getEventTsUs() + intents.get(exit).getEventTsUs()) / 2;
                break;
            }
        }
        assertThat(instrument).as("an instrument that enters and exits").isNotNull();
        int cut = 0;
        while (TICKS.get(cut).getReceiveTsUs() <= cutTsUs) cut++;

        OperatorSubtaskState snapshot;
        Map<String, DirectEngineRun.Recorded> beforeCut;
        try (var h = rocksDbHarness()) {
            h.open();
            feed(h, TICKS.subList(0, cut));
            for (String i : whole.keySet()) assertThat(stored(h, i)).as("state entry of %s from its first tick on", i).isNotNull();
            long rowsWrittenThrough = stored(h, instrument).rows();
            snapshot = h.snapshot(1L, 1L);
            EngineState checkpointed = stored(h, instrument);
            assertThat(checkpointed.rows()).as("rows in the keyed state: only the snapshot writes the heap state back")
                    .isGreaterThan(rowsWrittenThrough);
            assertThat(checkpointed.positions().isFlat()).as("position of %s open in the snapshot", instrument).isFalse();
            beforeCut = emitted(h);
            // the run goes on past the checkpoint, then fails: what it did after the snapshot is lost
            feed(h, TICKS.subList(cut, Math.min(TICKS.size(), cut + 3_000)));
        }
        try (var h = rocksDbHarness()) {
            h.initializeState(snapshot);
            h.open();
            feed(h, TICKS.subList(cut, TICKS.size()));
            h.endOfInput();
            Map<String, DirectEngineRun.Recorded> afterCut = emitted(h);
            for (String i : whole.keySet()) {
                var before = beforeCut.getOrDefault(i, new DirectEngineRun.Recorded());
                var after = afterCut.getOrDefault(i, new DirectEngineRun.Recorded());
                assertThat(concat(before.signals, after.signals)).as("signals of %s", i).containsExactlyElementsOf(whole.get(i).signals);
                assertThat(concat(before.intents, after.intents)).as("intents of %s", i).containsExactlyElementsOf(whole.get(i).intents);
                assertThat(concat(before.executions, after.executions)).as("fills of %s", i).containsExactlyElementsOf(whole.get(i).executions);
                assertThat(concat(before.trades, after.trades)).as("trades of %s", i).containsExactlyElementsOf(whole.get(i).trades);
            }
            for (String i : whole.keySet()) assertThat(stored(h, i)).as("state of %s left after the end of input", i).isNull();
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void rejectedTickBecomesDeadLetterWithTheEngineReasonAndLeavesStateAlone() throws Exception {
        BookTicker good = TICKS.get(0);
        BookTicker crossed = BookTicker.newBuilder(good).setBidPrice(good.getAskPrice() * 1.01).build();
        try (var h = harness()) {
            h.open();
            h.tick(good);
            h.tick(crossed);
            List<DeadLetter> rejected = h.deadLetters();
            assertThat(rejected).hasSize(1);
            DeadLetter d = rejected.get(0);
            assertThat(d.getSource()).isEqualTo("ticks");
            assertThat(d.getReason()).isNotBlank();
            assertThat(d.getEventTsUs()).isEqualTo(crossed.getReceiveTsUs());
            assertThat(AvroBinaryCodec.of(BookTicker.class).decode(d.getRaw().array())).isEqualTo(crossed);
            assertThat(h.engineStates()).isEqualTo(1);
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
        }
    }

    @Test
    void undecodableInputPassesThroughAsItsDeadLetterWithoutTouchingAnyState() throws Exception {
        DeadLetter letter = io.spreadflow.job.source.DeadLetters.of("executions", 1, 9L, new byte[] {1, 2, 3}, "not an Avro ExecutionReport", null);
        try (var h = harness()) {
            h.open();
            h.tick(TICKS.get(0));
            h.processElement(new org.apache.flink.streaming.runtime.streamrecord.StreamRecord<>(
                    io.spreadflow.job.source.EngineInput.rejected(letter)));
            assertThat(h.deadLetters()).containsExactly(letter);
            assertThat(h.engineStates()).as("only the ticked instrument's state").isEqualTo(1);
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
        }
    }

    @Test
    void ticksOfAnInstrumentTheConfigurationDoesNotTradeAreRefusedWithoutState() throws Exception {
        List<String> all = SyntheticMarket.Settings.DEFAULT.instruments().stream().map(SyntheticMarket.InstrumentSpec::instrument).toList();
        StrategyConfig some = CONFIG.toBuilder().instruments(all.subList(0, all.size() - 1)).build();
        String outsider = all.get(all.size() - 1);
        try (var h = new EngineHarness(EngineFactory.of(some))) {
            h.open();
            h.ticks(TICKS.subList(0, 2_000));
            long outsiderTicks = TICKS.subList(0, 2_000).stream().filter(t -> t.getInstrument().toString().equals(outsider)).count();
            assertThat(outsiderTicks).isPositive();
            assertThat(h.deadLetters()).as("every tick of %s", outsider).hasSize((int) outsiderTicks)
                    .allSatisfy(d -> assertThat(d.getReason().toString()).startsWith("UNKNOWN_INSTRUMENT " + outsider));
            assertThat(h.engineStates()).as("state only for the configured instruments").isEqualTo(all.size() - 1);
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
            assertThat(h.numEventTimeTimers()).isEqualTo(all.size() - 1);
        }
        // negative case: a configuration without an instrument list trades them all
        try (var h = new EngineHarness(EngineFactory.of(CONFIG.toBuilder().instruments(List.of()).build()))) {
            h.open();
            h.ticks(TICKS.subList(0, 2_000));
            assertThat(h.deadLetters()).isEmpty();
            assertThat(h.engineStates()).isEqualTo(all.size());
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
        }
    }

    /** The instrument's state as the operator holds it now (the heap copy on RocksDB). */
    private static EngineState held(EngineHarness h, String instrument) throws Exception {
        var operator = (EngineFunction.Operator) h.getOperator();
        operator.setCurrentKey(instrument);
        return (EngineState) ((EngineFunction) operator.getUserFunction()).stateOf(instrument);
    }

    @Test
    void anIdleInstrumentLosesItsMarketStateButKeepsItsPositionsAndSaysSo() throws Exception {
        long idleMs = java.time.Duration.ofHours(24).toMillis();
        // a cut where some instrument holds an open position
        Map<String, DirectEngineRun.Recorded> whole = DirectEngineRun.run(CONFIG, TICKS, false);
        int cut = TICKS.size() / 2;
        try (var h = new EngineHarness(EngineFactory.of(CONFIG), false, idleMs)) {
            h.open();
            h.ticks(TICKS.subList(0, cut));
            long lastMs = TICKS.get(cut - 1).getReceiveTsUs() / 1000;
            Map<String, Integer> openBefore = new LinkedHashMap<>();
            for (String i : whole.keySet()) openBefore.put(i, held(h, i).positions().openCount());
            assertThat(h.numEventTimeTimers()).as("end-of-input and idle timer per instrument").isEqualTo(2 * INSTRUMENTS);

            // a day minus a millisecond after the last tick nothing is idle yet
            h.processWatermark(lastMs + idleMs - 1 - 60_000);
            assertThat(h.signals()).noneMatch(sg -> sg.getReason().toString().equals("IDLE_MARKET_STATE_CLEARED"));

            h.processWatermark(lastMs + idleMs + 1);
            List<Signal> idle = h.signals().stream().filter(sg -> sg.getReason().toString().equals("IDLE_MARKET_STATE_CLEARED")).toList();
            assertThat(idle).as("one idle signal per instrument").hasSize(INSTRUMENTS);
            for (Signal sg : idle) {
                String i = sg.getInstrument().toString();
                assertThat(sg.getIndicators().get("open_positions")).as("open positions of %s", i).isEqualTo((double) openBefore.get(i));
                EngineState s = held(h, i);
                assertThat(s.lastTickUs()).as("market part of %s cleared", i).isEqualTo(Long.MIN_VALUE);
                assertThat(s.board().streamTimeUs()).isEqualTo(Long.MIN_VALUE);
                assertThat(s.positions().openCount()).as("positions of %s kept", i).isEqualTo(openBefore.get(i));
            }
            assertThat(openBefore.values()).as("the cut holds an open position").anyMatch(n -> n > 0);
            assertThat(h.engineStates()).as("states kept, smaller").isEqualTo(INSTRUMENTS);
            assertThat(h.otherStateEntries()).as("no state beside the engine state").isZero();
            assertThat(h.numEventTimeTimers()).as("only the end-of-input timers left").isEqualTo(INSTRUMENTS);

            // a tick after the idle time builds the market part again and arms the timer again
            BookTicker next = BookTicker.newBuilder(TICKS.get(cut)).setReceiveTsUs((lastMs + idleMs + 10) * 1000).build();
            h.tick(next);
            assertThat(held(h, next.getInstrument().toString()).lastTickUs()).isEqualTo(next.getReceiveTsUs());
            assertThat(h.numEventTimeTimers()).isEqualTo(INSTRUMENTS + 1);
        }
    }
}

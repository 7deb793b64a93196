package io.spreadflow.engine;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.fill.FillReports;
import io.spreadflow.engine.fill.OrderRequest;
import io.spreadflow.engine.fill.TopOfBookFillModel;
import io.spreadflow.engine.market.Quote;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import io.spreadflow.engine.state.EngineStateCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.tick;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine with execution through the service: ticks wait while orders are out, reports repeated or
 * arriving before their intent (after a restore) are handled, and intents carry their position and the
 * time of the tick that decided them. "The service" here fills each leg with the engine's fill model on
 * the book as of the intent's event time, as the paper venue does.
 */
class ServiceExecutionTest {

    private static final long T0 = 1_760_000_000_000_000L;
    private static final long MS = 1_000L;

    private static StrategyConfig config(int maxHeldTicks) {
        return StrategyConfig.builder(ThresholdStrategy.ID)
                .instrument(INSTRUMENT)
                .venues(List.of(SPOT), FUT)
                .param("enter_below", -1.0)
                .param("exit_above", 0.0)
                .fee(SPOT, StrategyConfig.VenueFees.of("0", "0.001"))
                .fee(FUT, StrategyConfig.VenueFees.of("0", "0.0005"))
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withMode(StrategyConfig.ExecutionMode.SERVICE)
                        .withLegTimeout(Duration.ofSeconds(2)).withMaxHeldTicks(maxHeldTicks))
                .build();
    }

    /** Entry rows, then exit rows, then entry rows again: two round trips, 40 ticks. */
    private static List<BookTicker> market() {
        List<BookTicker> ticks = new ArrayList<>();
        long ts = T0;
        for (int i = 0; i < 20; i++) {
            boolean low = i < 5 || (i >= 10 && i < 15);
            double futBid = low ? 98.0 : 101.0;
            ticks.add(tick(SPOT, ts, 100.0, 100.1));
            ticks.add(tick(FUT, ts + 100 * MS, futBid, futBid + 0.1));
            ts += 500 * MS;
        }
        return ticks;
    }

    /** Fills intents as the paper venue does: the fill model on the book as of the intent's event time. */
    private static final class PaperService {
        private final List<BookTicker> seen = new ArrayList<>();
        private final TopOfBookFillModel fills = TopOfBookFillModel.of(config(0));

        void saw(BookTicker t) {
            seen.add(t);
        }

        List<ExecutionReport> execute(OrderIntent intent) {
            List<ExecutionReport> out = new ArrayList<>();
            for (int i = 0; i < intent.getLegs().size(); i++) {
                OrderLeg leg = intent.getLegs().get(i);
                Quote book = null;
                for (BookTicker t : seen) {
                    if (t.getVenue().equals(leg.getVenue()) && t.getReceiveTsUs() <= intent.getEventTsUs()) {
                        book = new Quote(t.getVenue(), t.getBidPrice(), t.getBidQty(), t.getAskPrice(), t.getAskQty(), t.getReceiveTsUs());
                    }
                }
                var fill = fills.fill(OrderRequest.market(leg.getVenue(), leg.getSide(), leg.getQuantity()), book);
                List<ExecutionReport> reports = FillReports.of(new FillReports.Leg(intent.getIntentId(), intent.getInstrument(), i,
                        leg.getVenue(), leg.getSide(), intent.getEventTsUs()), fill, book == null ? null : book.tsUs(), "paper");
                out.add(reports.get(reports.size() - 1));
            }
            return out;
        }
    }

    /**
     * Runs the market through one engine; the service answers each intent after {@code lag} more ticks
     * have arrived (0: at once).
     */
    private static RecordingOutput run(int lag) {
        return run(lag, 100);
    }

    private static RecordingOutput run(int lag, int maxHeldTicks) {
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(config(maxHeldTicks), new ThresholdStrategy());
        EngineState state = engine.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        PaperService service = new PaperService();
        List<ExecutionReport> due = new ArrayList<>();
        int answered = 0;
        int sinceIntent = 0;
        for (BookTicker t : market()) {
            service.saw(t);
            engine.onTick(state, t, out);
            while (answered < out.intents.size()) due.addAll(service.execute(out.intents.get(answered++)));
            if (!due.isEmpty() && sinceIntent++ >= lag) {
                List<ExecutionReport> now = new ArrayList<>(due);
                due.clear();
                sinceIntent = 0;
                for (ExecutionReport r : now) engine.onExecution(state, r, out);
                while (answered < out.intents.size()) due.addAll(service.execute(out.intents.get(answered++)));
            }
        }
        while (!due.isEmpty()) {
            List<ExecutionReport> now = new ArrayList<>(due);
            due.clear();
            for (ExecutionReport r : now) engine.onExecution(state, r, out);
            while (answered < out.intents.size()) due.addAll(service.execute(out.intents.get(answered++)));
        }
        assertThat(state.heldTicks()).as("ticks left waiting").isZero();
        return out;
    }

    @Test
    void ticksWaitForOutstandingReportsSoTheOutputsDoNotDependOnHowLateTheReportsCome() {
        RecordingOutput prompt = run(0);
        assertThat(prompt.trades).as("round trips").hasSize(2);
        for (int lag : new int[] {1, 3, 7}) {
            assertThat(run(lag).log).as("reports %d ticks late", lag).containsExactlyElementsOf(prompt.log);
        }
    }

    @Test
    void withoutWaitingTheSameLateReportsChangeTheOutputs() {
        // the counterpart: ticks that do not wait move event time on while the orders are out
        assertThat(run(3, 0).log).isNotEqualTo(run(0, 0).log);
    }

    @Test
    void entriesAndExitsCarryTheirPositionAndTheTimeOfTheTickThatDecidedThem() {
        RecordingOutput out = run(2);
        List<BookTicker> ticks = market();
        assertThat(out.intents).extracting(OrderIntent::getPurpose)
                .containsExactly(IntentPurpose.ENTRY, IntentPurpose.EXIT, IntentPurpose.ENTRY, IntentPurpose.EXIT);
        assertThat(out.intents).extracting(OrderIntent::getPositionId).containsExactly(1L, 1L, 2L, 2L);
        // rows are decided on the futures tick that completes them: 2nd tick (entry), 12th (exit), 22nd, 32nd
        assertThat(out.intents).extracting(OrderIntent::getEventTsUs).containsExactly(
                ticks.get(1).getReceiveTsUs(), ticks.get(11).getReceiveTsUs(), ticks.get(21).getReceiveTsUs(),
                ticks.get(31).getReceiveTsUs());
    }

    @Test
    void aRepeatedReportIsDroppedWhileThePositionIsOpenAndAfterItClosed() {
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(config(100), new ThresholdStrategy());
        EngineState state = engine.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        PaperService service = new PaperService();
        List<BookTicker> ticks = market();
        List<ExecutionReport> entryReports = null;
        List<ExecutionReport> exitReports = null;
        for (BookTicker t : ticks.subList(0, 30)) {
            service.saw(t);
            int before = out.intents.size();
            engine.onTick(state, t, out);
            for (int i = before; i < out.intents.size(); i++) {
                List<ExecutionReport> reports = service.execute(out.intents.get(i));
                if (entryReports == null) entryReports = reports;
                else if (exitReports == null) exitReports = reports;
                for (ExecutionReport r : reports) engine.onExecution(state, r, out);
                if (reports == entryReports) {
                    // again while the position is open: nothing changes, nothing is said
                    int signals = out.signals.size();
                    BigDecimal realized = state.positions().realizedPnl();
                    for (ExecutionReport r : reports) engine.onExecution(state, r, out);
                    assertThat(out.signals).hasSize(signals);
                    assertThat(state.positions().realizedPnl()).isEqualByComparingTo(realized);
                    assertThat(state.positions().position(1).legs()).allSatisfy(l -> assertThat(l.filled()).isPositive());
                }
            }
        }
        assertThat(out.trades).hasSize(1);
        BigDecimal pnl = state.positions().realizedPnl();
        int signals = out.signals.size();
        int intents = out.intents.size();
        // the closed position's reports once more, as a replay after a restart would deliver them
        for (ExecutionReport r : entryReports) engine.onExecution(state, r, out);
        for (ExecutionReport r : exitReports) engine.onExecution(state, r, out);
        assertThat(out.signals).hasSize(signals);
        assertThat(out.intents).hasSize(intents);
        assertThat(state.positions().realizedPnl()).isEqualByComparingTo(pnl);
        // a report of an intent this instrument never sent is still reported as unknown
        engine.onExecution(state, ExecutionReport.newBuilder(entryReports.get(0)).setIntentId("OTHER-USDT|threshold|1").build(), out);
        assertThat(out.signals.get(out.signals.size() - 1).getKind()).isEqualTo(SignalKind.OTHER);
        assertThat(out.signals.get(out.signals.size() - 1).getReason()).startsWith("UNKNOWN_EXECUTION OTHER-USDT|threshold|1");
    }

    @Test
    void aReportArrivingBeforeTheRestoredRunSendsItsIntentAgainIsAppliedWhenItIsSent() throws Exception {
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(config(100), new ThresholdStrategy());
        EngineState state = engine.newState(INSTRUMENT);
        RecordingOutput before = new RecordingOutput();
        PaperService service = new PaperService();
        List<BookTicker> ticks = market();
        // a checkpoint before the entry is decided
        service.saw(ticks.get(0));
        engine.onTick(state, ticks.get(0), before);
        byte[] checkpoint = serialize(state);

        // the run that fails: the entry goes out and is executed, its reports are published, then the job fails
        service.saw(ticks.get(1));
        engine.onTick(state, ticks.get(1), before);
        List<ExecutionReport> published = service.execute(before.intents.get(0));
        RecordingOutput uninterrupted = new RecordingOutput();
        for (ExecutionReport r : published) engine.onExecution(state, r, uninterrupted);
        for (BookTicker t : ticks.subList(2, 8)) engine.onTick(state, t, uninterrupted);

        // the restored run: the reports come back before the replayed tick decides the entry again
        EngineState restored = deserialize(checkpoint);
        RecordingOutput replay = new RecordingOutput();
        for (ExecutionReport r : published) engine.onExecution(restored, r, replay);
        assertThat(restored.earlyReports()).isEqualTo(published.size());
        assertThat(replay.signals).as("nothing said about reports of an intent still to come").isEmpty();
        engine.onTick(restored, ticks.get(1), replay);
        assertThat(restored.earlyReports()).isZero();
        assertThat(replay.intents).hasSize(1);
        assertThat(replay.intents.get(0)).isEqualTo(before.intents.get(0));
        for (BookTicker t : ticks.subList(2, 8)) engine.onTick(restored, t, replay);
        // from the entry on, the restored run says what the uninterrupted one said after its reports
        List<String> afterIntent = replay.log.subList(replay.log.indexOf("I " + before.intents.get(0)) + 1, replay.log.size());
        assertThat(afterIntent).containsExactlyElementsOf(uninterrupted.log);
        assertThat(restored.positions().position(1).state()).isEqualTo(state.positions().position(1).state());
    }

    @Test
    void ticksWaitOnlyUpToTheLimitThenTheLegTimeoutApplies() {
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(config(3), new ThresholdStrategy());
        EngineState state = engine.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        long ts = T0;
        engine.onTick(state, tick(SPOT, ts, 100.0, 100.1), out);
        engine.onTick(state, tick(FUT, ts + 100 * MS, 98.0, 98.1), out);
        assertThat(out.intents).hasSize(1);
        for (int i = 1; i <= 3; i++) engine.onTick(state, tick(SPOT, ts + i * 1_000 * MS, 100.0, 100.1), out);
        assertThat(state.heldTicks()).isEqualTo(3);
        assertThat(out.signals).extracting(Signal::getReason).doesNotContain("LEG_TIMEOUT");
        engine.onTick(state, tick(SPOT, ts + 4_000 * MS, 100.0, 100.1), out);
        assertThat(state.heldTicks()).isZero();
        assertThat(out.signals).extracting(Signal::getReason).contains("LEG_TIMEOUT");
    }

    private static byte[] serialize(EngineState s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            new EngineStateCodec().write(out, s);
        }
        return bytes.toByteArray();
    }

    private static EngineState deserialize(byte[] b) throws Exception {
        return new EngineStateCodec().read(new DataInputStream(new ByteArrayInputStream(b)));
    }

}

package io.spreadflow.engine;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.signal.IntentId;
import io.spreadflow.engine.state.EngineStateCodec;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.tick;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intent ids carry the run epoch an instrument's state was created in: a run started without state never
 * sends an id an earlier run sent, and a restored state goes on in its own epoch, so a replay after a
 * restore sends the same ids again.
 */
class RunEpochTest {

    private static final long T0 = 1_760_000_000_000_000L;
    private static final long FIRST_RUN = 1_796_443_200L;
    private static final long SECOND_RUN = 1_796_529_600L;

    private static DefaultInstrumentEngine engine(long epoch) {
        var b = ThresholdStrategy.viaService(INSTRUMENT, SPOT, FUT);
        StrategyConfig c = b.execution(b.build().execution().withRunEpoch(epoch)).build();
        return new DefaultInstrumentEngine(c, new ThresholdStrategy());
    }

    /** One entry row: spot 100.0/100.1, futures bid 98 (a spread below the entry threshold). */
    private static List<BookTicker> entryRow(long ts) {
        return List.of(tick(SPOT, ts, 100.0, 100.1), tick(FUT, ts + 1_000, 98.0, 98.1));
    }

    private static RecordingOutput feed(DefaultInstrumentEngine e, EngineState s, long ts) {
        RecordingOutput out = new RecordingOutput();
        for (BookTicker t : entryRow(ts)) e.onTick(s, t, out);
        return out;
    }

    @Test
    void aNewStateSendsIdsOfItsRunsEpoch() {
        DefaultInstrumentEngine e = engine(FIRST_RUN);
        EngineState s = e.newState(INSTRUMENT);
        RecordingOutput out = feed(e, s, T0);
        assertThat(out.intents).extracting(OrderIntent::getIntentId).containsExactly(IntentId.format(INSTRUMENT, ThresholdStrategy.ID, FIRST_RUN, 1));
        assertThat(s.positions().runEpoch()).isEqualTo(FIRST_RUN);
    }

    @Test
    void aRunStartedWithoutStateNeverReusesAnEarlierRunsIds() {
        RecordingOutput first = feed(engine(FIRST_RUN), engine(FIRST_RUN).newState(INSTRUMENT), T0);
        DefaultInstrumentEngine second = engine(SECOND_RUN);
        RecordingOutput again = feed(second, second.newState(INSTRUMENT), T0);
        assertThat(first.intents).hasSize(1);
        assertThat(again.intents).hasSize(1);
        assertThat(again.intents.get(0).getSequence()).as("the sequence starts again").isEqualTo(first.intents.get(0).getSequence());
        assertThat(again.intents.get(0).getIntentId()).isNotEqualTo(first.intents.get(0).getIntentId());
    }

    @Test
    void withoutAnEpochBothRunsWouldSendTheSameId() {
        // the counterpart: epoch 0 (backtests) gives the same id to the first intent of every run
        RecordingOutput a = feed(engine(0), engine(0).newState(INSTRUMENT), T0);
        RecordingOutput b = feed(engine(0), engine(0).newState(INSTRUMENT), T0);
        assertThat(a.intents.get(0).getIntentId()).isEqualTo(b.intents.get(0).getIntentId()).isEqualTo(INSTRUMENT + "|" + ThresholdStrategy.ID + "|1");
    }

    @Test
    void aRestoredStateKeepsItsEpochUnderAJobOfAnotherEpoch() throws IOException {
        DefaultInstrumentEngine first = engine(FIRST_RUN);
        EngineState s = first.newState(INSTRUMENT);
        OrderIntent sent = feed(first, s, T0).intents.get(0);
        EngineState restored = roundTrip(s);
        DefaultInstrumentEngine later = engine(SECOND_RUN);
        // the restored book's first intent is working: its fills, in the restored epoch, are its own
        for (int leg = 0; leg < sent.getLegs().size(); leg++) later.onExecution(restored, filled(sent, leg), new RecordingOutput());
        assertThat(restored.positions().position(1).legs()).allSatisfy(l -> assertThat(l.filled()).isPositive());
        RecordingOutput out = feed(later, restored, T0 + 1_000_000);
        assertThat(out.intents).isNotEmpty();
        assertThat(out.intents.get(0).getIntentId()).isEqualTo(IntentId.format(INSTRUMENT, ThresholdStrategy.ID, FIRST_RUN, 2));
        assertThat(out.intents).extracting(i -> IntentId.parse(i.getIntentId()).epoch()).containsOnly(FIRST_RUN);
    }

    @Test
    void aReportOfAnEarlierRunIsUnknownToANewStateAndNotKeptAsEarly() {
        DefaultInstrumentEngine e = engine(SECOND_RUN);
        EngineState s = e.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        // sequence 5 lies ahead of the new state's sequence: in the same epoch it would wait as an early report
        e.onExecution(s, filled(IntentId.format(INSTRUMENT, ThresholdStrategy.ID, FIRST_RUN, 5), 0), out);
        assertThat(s.earlyReports()).isZero();
        assertThat(out.signals).extracting(Signal::getReason).anySatisfy(r -> assertThat(r).startsWith("UNKNOWN_EXECUTION"));
    }

    @Test
    void aReportAheadInTheSameEpochWaitsAsEarly() {
        // the counterpart of the above: the same report in the state's own epoch is kept for its intent
        DefaultInstrumentEngine e = engine(SECOND_RUN);
        EngineState s = e.newState(INSTRUMENT);
        e.onExecution(s, filled(IntentId.format(INSTRUMENT, ThresholdStrategy.ID, SECOND_RUN, 5), 0), new RecordingOutput());
        assertThat(s.earlyReports()).isEqualTo(1);
    }

    /** Leg {@code leg} of {@code intent} filled in full at 100. */
    private static ExecutionReport filled(OrderIntent intent, int leg) {
        var l = intent.getLegs().get(leg);
        return ExecutionReport.newBuilder().setIntentId(intent.getIntentId()).setInstrument(INSTRUMENT).setLegIndex(leg)
                .setVenue(l.getVenue()).setSide(l.getSide()).setStatus(ExecutionStatus.FILLED).setFilledQty(l.getQuantity())
                .setAvgPrice(100.0).setFee(0).setFeeCurrency("USDT").setIntentEventTsUs(intent.getEventTsUs()).build();
    }

    /** A fill of leg {@code leg} of an intent this test did not see sent. */
    private static ExecutionReport filled(String intentId, int leg) {
        return ExecutionReport.newBuilder().setIntentId(intentId).setInstrument(INSTRUMENT).setLegIndex(leg).setVenue(SPOT)
                .setSide(io.spreadflow.schemas.Side.BUY).setStatus(ExecutionStatus.FILLED).setFilledQty(0.1).setAvgPrice(100.0)
                .setFee(0).setFeeCurrency("USDT").setIntentEventTsUs(T0).build();
    }

    private static EngineState roundTrip(EngineState s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            new EngineStateCodec().write(out, s);
        }
        return new EngineStateCodec().read(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
    }
}

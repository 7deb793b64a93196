package io.spreadflow.engine;

import io.spreadflow.engine.signal.ServiceRefusal;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.tick;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An intent the execution service refused (HTTP 4xx, reported back by the job's sink) halts its
 * instrument with a HALT signal: the next entry is not sent. A leg a venue rejected does not.
 */
class ServiceRefusalTest {

    private static final long T0 = 1_760_000_000_000_000L;

    private final DefaultInstrumentEngine engine = new DefaultInstrumentEngine(ThresholdStrategy.viaService(INSTRUMENT, SPOT, FUT).build(),
            new ThresholdStrategy());

    /** One row below the entry threshold: spot 100.0/100.1, futures bid 98. */
    private static List<BookTicker> entryRow(long ts) {
        return List.of(tick(SPOT, ts, 100.0, 100.1), tick(FUT, ts + 1_000, 98.0, 98.1));
    }

    private static ExecutionReport rejected(OrderIntent intent, int leg, String reason) {
        var l = intent.getLegs().get(leg);
        return ExecutionReport.newBuilder().setIntentId(intent.getIntentId()).setInstrument(INSTRUMENT).setLegIndex(leg)
                .setVenue(l.getVenue()).setSide(l.getSide()).setStatus(ExecutionStatus.REJECTED).setFilledQty(0).setAvgPrice(null)
                .setFee(0).setFeeCurrency("").setReason(reason).setIntentEventTsUs(intent.getEventTsUs()).build();
    }

    /** Sends the first entry, answers all its legs with {@code reason}, then offers another entry row. */
    private RecordingOutput refuseFirstEntry(String reason, EngineState s) {
        RecordingOutput out = new RecordingOutput();
        engine.onTick(s, entryRow(T0).get(0), out);
        engine.onTick(s, entryRow(T0).get(1), out);
        assertThat(out.intents).hasSize(1);
        OrderIntent first = out.intents.get(0);
        for (int i = 0; i < first.getLegs().size(); i++) engine.onExecution(s, rejected(first, i, reason), out);
        for (BookTicker t : entryRow(T0 + 2_000_000)) engine.onTick(s, t, out);
        return out;
    }

    @Test
    void aRefusedIntentHaltsTheInstrumentWithAHaltSignal() {
        EngineState s = engine.newState(INSTRUMENT);
        RecordingOutput out = refuseFirstEntry(ServiceRefusal.REASON_PREFIX + " HTTP 409 {\"error\":\"INTENT_CONFLICT\"}", s);
        assertThat(out.signals).filteredOn(sig -> sig.getKind() == SignalKind.HALT).singleElement()
                .extracting(Signal::getReason).asString().startsWith(ServiceRefusal.HALT_REASON).contains("HTTP 409");
        assertThat(s.positions().halted()).isTrue();
        assertThat(out.intents).as("no entry after the halt").hasSize(1);
    }

    @Test
    void aLegTheVenueRejectedDoesNotHalt() {
        EngineState s = engine.newState(INSTRUMENT);
        RecordingOutput out = refuseFirstEntry("venue: insufficient balance", s);
        assertThat(out.signals).noneMatch(sig -> sig.getKind() == SignalKind.HALT);
        assertThat(s.positions().halted()).isFalse();
        assertThat(out.intents).as("the next entry goes out").hasSizeGreaterThan(1);
    }
}

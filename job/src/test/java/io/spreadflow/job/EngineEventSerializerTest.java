package io.spreadflow.job;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.report.SpreadSeries;
import io.spreadflow.engine.report.SpreadTracker;
import io.spreadflow.job.source.DeadLetters;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every kind of engine event and a backtest key's summary state through their versioned serializers. */
class EngineEventSerializerTest {

    static <T> T roundTrip(TypeSerializer<T> s, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = s.deserialize(in);
        assertThat(in.available()).as("every byte read").isZero();
        return back;
    }

    @Test
    void everyPayloadKindAndTheKeySummaryRoundTrip() throws IOException {
        EngineEventSerializer s = new EngineEventSerializer();
        Signal signal = Signal.newBuilder().setInstrument("X-USDT").setStrategyId("s").setSequence(1).setKind(SignalKind.ENTER)
                .setReason("BELOW").setEventTsUs(5).setIndicators(Map.of("z", 1.5)).build();
        OrderIntent intent = OrderIntent.newBuilder().setIntentId("X|s|1").setInstrument("X-USDT").setStrategyId("s").setSequence(1)
                .setPurpose(IntentPurpose.ENTRY).setLegs(List.of(OrderLeg.newBuilder().setVenue("v").setSide(Side.BUY).setQuantity(2)
                        .setLimitPrice(null).setReduceOnly(false).build())).setEventTsUs(5).setReason("BELOW").setPositionId(1L).build();
        ExecutionReport report = ExecutionReport.newBuilder().setIntentId("X|s|1").setInstrument("X-USDT").setLegIndex(0).setVenue("v")
                .setSide(Side.BUY).setStatus(ExecutionStatus.FILLED).setFilledQty(2).setAvgPrice(3.0).setFee(0.1).setFeeCurrency("USDT")
                .setVenueOrderId(null).setReason(null).setIntentEventTsUs(5).setFillEventTsUs(6L).build();
        LinkedHashMap<String, Object> cols = new LinkedHashMap<>();
        cols.put("pnl_pct", -0.5);
        Trade trade = new Trade("X-USDT", "s", 1, 2, cols, new BigDecimal("-1.25"), new BigDecimal("0.02"), new BigDecimal("1000"));

        for (int kind = 0; kind < 6; kind++) {
            EngineEvent e = EngineEvent.of(3);
            switch (kind) {
                case 0 -> e.signal = signal;
                case 1 -> e.intent = intent;
                case 2 -> e.execution = report;
                case 3 -> e.trade = trade;
                case 4 -> e.deadLetter = DeadLetters.of("ticks", null, null, new byte[] {1, 2}, "raw", "CROSSED_BOOK", 7L);
                default -> {
                    e.spread = new SpreadSeries("X-USDT", "spread %", new long[] {1, 2}, new double[] {0.5, Double.NaN});
                    e.keyInstrument = "X-USDT";
                    e.keyTicks = 10;
                    e.keyFirstTsUs = 1;
                    e.keyLastTsUs = 9;
                }
            }
            EngineEvent back = roundTrip(s, e);
            assertThat(back.paramSet).isEqualTo(3);
            assertThat(back.signal).isEqualTo(e.signal);
            assertThat(back.intent).isEqualTo(e.intent);
            assertThat(back.execution).isEqualTo(e.execution);
            assertThat(back.trade).isEqualTo(e.trade);
            assertThat(back.deadLetter).isEqualTo(e.deadLetter);
            assertThat(back.isKeySummary()).isEqualTo(e.isKeySummary());
            if (e.spread != null) {
                assertThat(back.spread.timesUs()).containsExactly(e.spread.timesUs());
                assertThat(back.spread.values()).containsExactly(e.spread.values());
                assertThat(back.spread.label()).isEqualTo(e.spread.label());
                assertThat(back.keyTicks).isEqualTo(10);
                assertThat(back.keyLastTsUs).isEqualTo(9);
            } else {
                assertThat(back.spread).isNull();
            }
        }
    }

    @Test
    void aDamagedEventIsAnIOExceptionWithTheReason() {
        byte[] bytes = {1, 0, 0, 0, 0, 1, 0, 0, 0, 3, 9, 9, 9};
        assertThatThrownBy(() -> new EngineEventSerializer().deserialize(new DataInputDeserializer(bytes)))
                .isInstanceOf(IOException.class).hasMessageContaining("engine event");
        assertThatThrownBy(() -> new EngineEventSerializer().deserialize(new DataInputDeserializer(new byte[] {9})))
                .isInstanceOf(IOException.class).hasMessageContaining("format version 9");
    }

    @Test
    void aKeySummaryWithManySamplesRestoresAndKeepsSampling() throws IOException {
        SpreadTracker tracker = new SpreadTracker("X-USDT", List.of("s"), "f", 1_000_000L);
        KeySummary summary = new KeySummary("X-USDT", tracker, 0);
        for (int i = 0; i < 600; i++) {
            tracker.onQuote("s", i * 1_000_000L, 100, 100.1);
            tracker.onQuote("f", i * 1_000_000L + 1, 99 + i % 3, 99.1 + i % 3);
        }
        summary.ticks = 1200;
        summary.lastTsUs = 599_000_001L;
        KeySummary back = roundTrip(new KeySummarySerializer(), summary);
        assertThat(back.instrument).isEqualTo("X-USDT");
        assertThat(back.ticks).isEqualTo(1200);
        assertThat(back.lastTsUs).isEqualTo(599_000_001L);
        SpreadSeries a = summary.spreads.series();
        assertThat(back.spreads.series().timesUs()).containsExactly(a.timesUs());
        assertThat(back.spreads.series().values()).containsExactly(a.values());
        // both go on sampling: a quote of the futures alone makes a new sample from the remembered spot quote
        summary.spreads.onQuote("f", 700_000_000L, 98, 98.1);
        back.spreads.onQuote("f", 700_000_000L, 98, 98.1);
        assertThat(back.spreads.series().size()).isEqualTo(601);
        assertThat(Arrays.equals(back.spreads.series().values(), summary.spreads.series().values())).isTrue();
        assertThat((Object) roundTrip(new KeySummarySerializer(), new KeySummary("Y-USDT", null, 5)).spreads).isNull();
    }
}

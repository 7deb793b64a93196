package io.spreadflow.job.source;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.Market;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Ticks cross a Flink channel through the hand-written serializer, field for field, names shared. */
class EngineInputSerializerTest {

    private static TypeSerializer<EngineInput> serializer() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return TypeInformation.of(EngineInput.class).createSerializer(config);
    }

    private static EngineInput tick(String instrument, long seq) {
        BookTicker t = BookTicker.newBuilder().setInstrument(instrument).setVenue("binance-usdm").setVenueSymbol("BTCUSDT")
                .setMarket(Market.PERPETUAL).setBidPrice(61234.5).setBidQty(0.125).setAskPrice(61234.6).setAskQty(3.0)
                .setReceiveTsUs(1_723_075_200_123_456L).setExchangeTsUs(1_723_075_200_120_000L).setUpdateId(null).build();
        EngineInput e = EngineInput.of(t, seq);
        e.paramSet = 3;
        return e;
    }

    @Test
    void tickEventTypeIsTheHandWrittenOne() {
        assertThat(TypeInformation.of(EngineInput.class)).isSameAs(EngineInputType.INSTANCE);
        assertThat(serializer()).isInstanceOf(EngineInputSerializer.class);
    }

    @Test
    void acceptedAndRejectedTicksRoundTripIntoAReusedInstance() throws IOException {
        TypeSerializer<EngineInput> s = serializer();
        EngineInput accepted = tick("BTC-USDT", 41);
        EngineInput rejected = EngineInput.rejected(DeadLetters.of("file.csv", null, 3L, "x,y".getBytes(java.nio.charset.StandardCharsets.UTF_8), "bad price", null));
        rejected.seq = 7;
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(accepted, out);
        s.serialize(rejected, out);
        s.serialize(accepted, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        EngineInput reuse = new EngineInput();

        EngineInput a = s.deserialize(reuse, in);
        assertThat(a).usingRecursiveComparison().isEqualTo(accepted);
        assertThat(a.toBookTicker()).isEqualTo(accepted.toBookTicker());
        String firstInstrument = a.instrument;

        EngineInput r = s.deserialize(reuse, in);
        assertThat(r).usingRecursiveComparison().isEqualTo(rejected);

        EngineInput again = s.deserialize(reuse, in);
        assertThat(again).usingRecursiveComparison().isEqualTo(accepted);
        assertThat(again.instrument).as("a name read twice is one String").isSameAs(firstInstrument);
    }

    @Test
    void copyAndNonAsciiNamesKeepEveryField() throws IOException {
        TypeSerializer<EngineInput> s = serializer();
        EngineInput e = tick("ÄPFEL-USDT", 9);
        assertThat(s.copy(e)).usingRecursiveComparison().isEqualTo(e);
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(e, out);
        DataOutputSerializer copied = new DataOutputSerializer(64);
        s.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(s.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer()))).usingRecursiveComparison().isEqualTo(e);
    }

    @Test
    void aReportBetweenTicksRoundTripsAndLeavesNoTickFieldsBehindInAReusedInstance() throws IOException {
        TypeSerializer<EngineInput> s = serializer();
        io.spreadflow.schemas.ExecutionReport r = io.spreadflow.schemas.ExecutionReport.newBuilder().setIntentId("BTC-USDT|rdn|1")
                .setInstrument("BTC-USDT").setLegIndex(1).setVenue("binance-usdm").setSide(io.spreadflow.schemas.Side.SELL)
                .setStatus(io.spreadflow.schemas.ExecutionStatus.FILLED).setFilledQty(0.1).setAvgPrice(60000.5)
                .setIntentEventTsUs(5L).build();
        EngineInput tick = tick("BTC-USDT", 1);
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(tick, out);
        s.serialize(EngineInput.of(r), out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        EngineInput reuse = new EngineInput();
        assertThat(s.deserialize(reuse, in).report).isNull();
        EngineInput back = s.deserialize(reuse, in);
        assertThat(back.report).isEqualTo(r);
        assertThat(back.key()).as("keyed by the report's instrument").isEqualTo("BTC-USDT");
        assertThat(back.venue).as("no tick field left from the reused tick").isNull();
        assertThat(back.isRejected()).isFalse();
    }

    @Test
    void serializersOfTwoTaskThreadsDecodeReportsAtTheSameTimeWithoutSharingState() throws Exception {
        // Flink gives each task thread its own serializer (duplicate()); nothing inside may be shared between them
        io.spreadflow.schemas.ExecutionReport r = io.spreadflow.schemas.ExecutionReport.newBuilder().setIntentId("BTC-USDT|rdn|7")
                .setInstrument("BTC-USDT").setLegIndex(1).setVenue("binance-usdm").setSide(io.spreadflow.schemas.Side.SELL)
                .setStatus(io.spreadflow.schemas.ExecutionStatus.FILLED).setFilledQty(0.1).setAvgPrice(60000.5)
                .setIntentEventTsUs(5L).build();
        DataOutputSerializer out = new DataOutputSerializer(256);
        new EngineInputSerializer().serialize(EngineInput.of(r), out);
        byte[] one = out.getCopyOfBuffer();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 2; t++) {
                runs.add(pool.submit(() -> {
                    TypeSerializer<EngineInput> s = serializer().duplicate();
                    int ok = 0;
                    for (int k = 0; k < 50_000; k++) {
                        if (r.equals(s.deserialize(new DataInputDeserializer(one)).report)) ok++;
                    }
                    return ok;
                }));
            }
            for (var f : runs) assertThat(f.get()).isEqualTo(50_000);
        } finally {
            pool.shutdownNow();
        }
    }
}

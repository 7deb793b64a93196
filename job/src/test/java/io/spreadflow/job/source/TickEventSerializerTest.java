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
class TickEventSerializerTest {

    private static TypeSerializer<TickEvent> serializer() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return TypeInformation.of(TickEvent.class).createSerializer(config);
    }

    private static TickEvent tick(String instrument, long seq) {
        BookTicker t = BookTicker.newBuilder().setInstrument(instrument).setVenue("binance-usdm").setVenueSymbol("BTCUSDT")
                .setMarket(Market.PERPETUAL).setBidPrice(61234.5).setBidQty(0.125).setAskPrice(61234.6).setAskQty(3.0)
                .setReceiveTsUs(1_723_075_200_123_456L).setExchangeTsUs(1_723_075_200_120_000L).setUpdateId(null).build();
        TickEvent e = TickEvent.of(t, seq);
        e.paramSet = 3;
        return e;
    }

    @Test
    void tickEventTypeIsTheHandWrittenOne() {
        assertThat(TypeInformation.of(TickEvent.class)).isSameAs(TickEventType.INSTANCE);
        assertThat(serializer()).isInstanceOf(TickEventSerializer.class);
    }

    @Test
    void acceptedAndRejectedTicksRoundTripIntoAReusedInstance() throws IOException {
        TypeSerializer<TickEvent> s = serializer();
        TickEvent accepted = tick("BTC-USDT", 41);
        TickEvent rejected = TickEvent.rejected(DeadLetters.of("file.csv", null, 3L, "x,y".getBytes(java.nio.charset.StandardCharsets.UTF_8), "bad price", null));
        rejected.seq = 7;
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(accepted, out);
        s.serialize(rejected, out);
        s.serialize(accepted, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        TickEvent reuse = new TickEvent();

        TickEvent a = s.deserialize(reuse, in);
        assertThat(a).usingRecursiveComparison().isEqualTo(accepted);
        assertThat(a.toBookTicker()).isEqualTo(accepted.toBookTicker());
        String firstInstrument = a.instrument;

        TickEvent r = s.deserialize(reuse, in);
        assertThat(r).usingRecursiveComparison().isEqualTo(rejected);

        TickEvent again = s.deserialize(reuse, in);
        assertThat(again).usingRecursiveComparison().isEqualTo(accepted);
        assertThat(again.instrument).as("a name read twice is one String").isSameAs(firstInstrument);
    }

    @Test
    void copyAndNonAsciiNamesKeepEveryField() throws IOException {
        TypeSerializer<TickEvent> s = serializer();
        TickEvent e = tick("ÄPFEL-USDT", 9);
        assertThat(s.copy(e)).usingRecursiveComparison().isEqualTo(e);
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(e, out);
        DataOutputSerializer copied = new DataOutputSerializer(64);
        s.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(s.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer()))).usingRecursiveComparison().isEqualTo(e);
    }
}

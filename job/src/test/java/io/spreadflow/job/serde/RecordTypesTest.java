package io.spreadflow.job.serde;

import io.spreadflow.engine.accounting.Trade;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every record type the job moves has a declared serializer, never Kryo, and survives a round trip. */
class RecordTypesTest {

    private static <T> T roundTrip(TypeInformation<T> type, T value) throws IOException {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<T> s = type.createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(value, out);
        return s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void avroRecordsUseTheAvroSerializer() {
        for (TypeInformation<?> t : List.of(RecordTypes.BOOK_TICKER, RecordTypes.DEAD_LETTER, RecordTypes.SIGNAL,
                RecordTypes.ORDER_INTENT, RecordTypes.EXECUTION_REPORT)) {
            TypeSerializer<?> s = t.createSerializer(new SerializerConfigImpl());
            assertThat(s).as(t.toString()).isInstanceOf(AvroSerializer.class).isNotInstanceOf(KryoSerializer.class);
        }
    }



    @Test
    void tradesRoundTripThroughTheirVersionedSerializer() throws IOException {
        LinkedHashMap<String, Object> cols = new LinkedHashMap<>();
        cols.put("entry_time_us", 1L);
        cols.put("pnl_pct", -0.5);
        cols.put("exit_reason", "STOP_LOSS");
        Trade t = new Trade("LUNC-USDT", "rdn", 1L, 2L, cols, new BigDecimal("-1.25"), new BigDecimal("0.02"), new BigDecimal("1000"));
        Trade back = roundTrip(RecordTypes.TRADE, t);
        assertThat(back).isEqualTo(t);
        assertThat(back.columnsView()).containsExactlyEntriesOf(cols);
    }
}

package io.spreadflow.engine.state;

import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.Side;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records inside the state written with an older schema read back with the current one. */
class AvroRecordsTest {

    @Test
    void aReportWrittenBeforeAFieldWasAddedReadsWithTheFieldsDefault() throws IOException {
        Schema current = ExecutionReport.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) if (!f.name().equals("fillEventTsUs")) fields.add(new Schema.Field(f, f.schema()));
        Schema old = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);

        GenericRecord r = new GenericData.Record(old);
        r.put("intentId", "X|s|1");
        r.put("instrument", "X-USDT");
        r.put("legIndex", 1);
        r.put("venue", "v");
        r.put("side", new GenericData.EnumSymbol(old.getField("side").schema(), "SELL"));
        r.put("status", new GenericData.EnumSymbol(old.getField("status").schema(), "FILLED"));
        r.put("filledQty", 2.0);
        r.put("avgPrice", 3.0);
        r.put("fee", 0.01);
        r.put("feeCurrency", "USDT");
        r.put("venueOrderId", null);
        r.put("reason", null);
        r.put("intentEventTsUs", 5L);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(b, null);
        new GenericDatumWriter<GenericRecord>(old).write(r, e);
        e.flush();

        ExecutionReport read = new AvroRecords<>(ExecutionReport.class, old).decode(b.toByteArray());
        assertThat(read.getIntentId()).isEqualTo("X|s|1");
        assertThat(read.getSide()).isEqualTo(Side.SELL);
        assertThat(read.getStatus()).isEqualTo(ExecutionStatus.FILLED);
        assertThat(read.getFilledQty()).isEqualTo(2.0);
        assertThat(read.getFillEventTsUs()).isNull();
        // the same bytes read as if written with the current schema are wrong: the writer schema matters
        assertThatThrownBy(() -> new AvroRecords<>(ExecutionReport.class, current).decode(b.toByteArray())).isInstanceOf(Exception.class);
    }
}

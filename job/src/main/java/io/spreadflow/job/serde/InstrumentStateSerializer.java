package io.spreadflow.job.serde;

import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.InstrumentState;
import io.spreadflow.engine.state.EngineStateCodec;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import org.apache.avro.Schema;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.List;

/**
 * An instrument's engine state in the engine's versioned format ({@link EngineStateCodec}). The bytes
 * carry everything a restore needs, the strategy state's class and fields included, so the serializer
 * needs neither the configuration nor the strategy. The snapshot records the format version and the
 * schemas of the held ticks and early reports inside the state.
 */
public final class InstrumentStateSerializer extends VersionedSerializer<InstrumentState> {

    private static final long serialVersionUID = 1L;

    /** Writer schemas of the embedded records as JSON, or null for the current ones. */
    private final String tickSchema;
    private final String reportSchema;
    private transient EngineStateCodec codec;

    public InstrumentStateSerializer() {
        this(null, null);
    }

    private InstrumentStateSerializer(String tickSchema, String reportSchema) {
        this.tickSchema = tickSchema;
        this.reportSchema = reportSchema;
    }

    @Override
    protected int formatVersion() {
        return EngineStateCodec.formatVersion();
    }

    @Override
    protected List<Schema> embeddedSchemas() {
        return List.of(tickSchema == null ? BookTicker.getClassSchema() : new Schema.Parser().parse(tickSchema),
                reportSchema == null ? ExecutionReport.getClassSchema() : new Schema.Parser().parse(reportSchema));
    }

    @Override
    protected VersionedSerializer<InstrumentState> withWriterSchemas(List<Schema> writerSchemas) {
        return new InstrumentStateSerializer(writerSchemas.get(0).toString(), writerSchemas.get(1).toString());
    }

    @Override
    public InstrumentStateSerializer duplicate() {
        return new InstrumentStateSerializer(tickSchema, reportSchema);
    }

    private EngineStateCodec codec() {
        if (codec == null) {
            codec = tickSchema == null && reportSchema == null ? new EngineStateCodec() : new EngineStateCodec(
                    embeddedSchemas().get(0), embeddedSchemas().get(1));
        }
        return codec;
    }

    @Override
    public void serialize(InstrumentState record, DataOutputView target) throws IOException {
        if (!(record instanceof EngineState s)) {
            throw new IOException("no stored form for the instrument state " + record.getClass().getName());
        }
        codec().write(target, s);
    }

    @Override
    public InstrumentState deserialize(DataInputView source) throws IOException {
        return codec().read(source);
    }
}

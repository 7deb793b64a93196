package io.spreadflow.job.serde;

import io.spreadflow.engine.signal.PositionRecord;
import io.spreadflow.engine.state.PositionCodec;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** An open position with its legs in the engine's versioned format ({@link PositionCodec}). */
public final class PositionRecordSerializer extends VersionedSerializer<PositionRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    protected int formatVersion() {
        return PositionCodec.formatVersion();
    }

    @Override
    public PositionRecordSerializer duplicate() {
        return new PositionRecordSerializer();
    }

    @Override
    public void serialize(PositionRecord record, DataOutputView target) throws IOException {
        PositionCodec.write(target, record);
    }

    @Override
    public PositionRecord deserialize(DataInputView source) throws IOException {
        return PositionCodec.read(source);
    }
}

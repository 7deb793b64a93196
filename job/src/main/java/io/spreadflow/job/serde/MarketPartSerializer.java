package io.spreadflow.job.serde;

import io.spreadflow.engine.MarketPart;
import io.spreadflow.engine.state.MarketPartCodec;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** The market part of an instrument's engine state in the engine's versioned format ({@link MarketPartCodec}). */
public final class MarketPartSerializer extends VersionedSerializer<MarketPart> {

    private static final long serialVersionUID = 1L;

    @Override
    protected int formatVersion() {
        return MarketPartCodec.formatVersion();
    }

    @Override
    public MarketPartSerializer duplicate() {
        return new MarketPartSerializer();
    }

    @Override
    public void serialize(MarketPart record, DataOutputView target) throws IOException {
        MarketPartCodec.write(target, record);
    }

    @Override
    public MarketPart deserialize(DataInputView source) throws IOException {
        return MarketPartCodec.read(source);
    }
}

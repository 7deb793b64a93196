package io.spreadflow.job.serde;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.state.TradeCodec;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** A closed trade ({@link TradeCodec}) after a format version byte. */
public final class TradeSerializer extends VersionedSerializer<Trade> {

    private static final long serialVersionUID = 1L;

    /** History: 1 — first explicit format (0.1.0). */
    static final int FORMAT = 1;

    @Override protected int formatVersion() { return FORMAT; }

    @Override public TradeSerializer duplicate() { return this; }

    @Override
    public void serialize(Trade record, DataOutputView target) throws IOException {
        target.writeByte(FORMAT);
        TradeCodec.write(target, record);
    }

    @Override
    public Trade deserialize(DataInputView source) throws IOException {
        return TradeCodec.read(source, Formats.check(source.readByte(), FORMAT, "trade"));
    }
}

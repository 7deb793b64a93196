package io.spreadflow.job;

import io.spreadflow.engine.report.SpreadTrackerCodec;
import io.spreadflow.engine.state.StateData;
import io.spreadflow.job.serde.Formats;
import io.spreadflow.job.serde.VersionedSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** A backtest key's {@link KeySummary}: instrument, spread tracker, tick count and time range. */
public final class KeySummarySerializer extends VersionedSerializer<KeySummary> {

    private static final long serialVersionUID = 1L;

    /** History: 1 — first explicit format (0.1.0). */
    static final int FORMAT = 1;

    @Override protected int formatVersion() { return FORMAT; }

    @Override public KeySummarySerializer duplicate() { return this; }

    @Override
    public void serialize(KeySummary s, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        StateData.writeString(out, s.instrument);
        SpreadTrackerCodec.write(out, s.spreads);
        out.writeLong(s.ticks);
        out.writeLong(s.firstTsUs);
        out.writeLong(s.lastTsUs);
    }

    @Override
    public KeySummary deserialize(DataInputView in) throws IOException {
        int version = Formats.check(in.readByte(), FORMAT, "key summary");
        KeySummary s = new KeySummary(StateData.readString(in), SpreadTrackerCodec.read(in, version), 0);
        s.ticks = in.readLong();
        s.firstTsUs = in.readLong();
        s.lastTsUs = in.readLong();
        return s;
    }
}

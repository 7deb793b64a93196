package io.spreadflow.job;

import io.spreadflow.engine.report.SpreadTrackerCodec;
import io.spreadflow.engine.state.StateData;
import io.spreadflow.engine.state.TradeCodec;
import io.spreadflow.job.serde.AvroBinaryCodec;
import io.spreadflow.job.serde.Formats;
import io.spreadflow.job.serde.VersionedSerializer;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Signal;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * An {@link EngineEvent} on the wire between operators: a format version byte, the parameter set, a
 * byte with one bit per payload present, each present payload (Avro records as binary Avro, trades and
 * spread series in the engine's stored form), then the key summary's fields.
 */
public final class EngineEventSerializer extends VersionedSerializer<EngineEvent> {

    private static final long serialVersionUID = 1L;

    /** History: 1 — first explicit format (0.1.0). */
    static final int FORMAT = 1;

    private static final int SIGNAL = 1, INTENT = 2, EXECUTION = 4, TRADE = 8, DEAD_LETTER = 16, SPREAD = 32;

    private final AvroBinaryCodec<Signal> signals = AvroBinaryCodec.of(Signal.class);
    private final AvroBinaryCodec<OrderIntent> intents = AvroBinaryCodec.of(OrderIntent.class);
    private final AvroBinaryCodec<ExecutionReport> executions = AvroBinaryCodec.of(ExecutionReport.class);
    private final AvroBinaryCodec<DeadLetter> deadLetters = AvroBinaryCodec.of(DeadLetter.class);

    @Override protected int formatVersion() { return FORMAT; }

    /** A new instance: the Avro codecs reuse buffers. */
    @Override public EngineEventSerializer duplicate() { return new EngineEventSerializer(); }

    @Override
    public void serialize(EngineEvent e, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        out.writeInt(e.paramSet);
        int present = (e.signal != null ? SIGNAL : 0) | (e.intent != null ? INTENT : 0) | (e.execution != null ? EXECUTION : 0)
                | (e.trade != null ? TRADE : 0) | (e.deadLetter != null ? DEAD_LETTER : 0) | (e.spread != null ? SPREAD : 0);
        out.writeByte(present);
        if (e.signal != null) StateData.writeBytes(out, signals.encode(e.signal));
        if (e.intent != null) StateData.writeBytes(out, intents.encode(e.intent));
        if (e.execution != null) StateData.writeBytes(out, executions.encode(e.execution));
        if (e.trade != null) TradeCodec.write(out, e.trade);
        if (e.deadLetter != null) StateData.writeBytes(out, deadLetters.encode(e.deadLetter));
        if (e.spread != null) SpreadTrackerCodec.writeSeries(out, e.spread);
        StateData.writeString(out, e.keyInstrument);
        out.writeLong(e.keyTicks);
        out.writeLong(e.keyFirstTsUs);
        out.writeLong(e.keyLastTsUs);
    }

    @Override
    public EngineEvent deserialize(DataInputView in) throws IOException {
        int version = Formats.check(in.readByte(), FORMAT, "engine event");
        EngineEvent e = EngineEvent.of(in.readInt());
        int present = in.readByte();
        if ((present & SIGNAL) != 0) e.signal = decode(signals, in);
        if ((present & INTENT) != 0) e.intent = decode(intents, in);
        if ((present & EXECUTION) != 0) e.execution = decode(executions, in);
        if ((present & TRADE) != 0) e.trade = TradeCodec.read(in, version);
        if ((present & DEAD_LETTER) != 0) e.deadLetter = decode(deadLetters, in);
        if ((present & SPREAD) != 0) e.spread = SpreadTrackerCodec.readSeries(in, version);
        e.keyInstrument = StateData.readString(in);
        e.keyTicks = in.readLong();
        e.keyFirstTsUs = in.readLong();
        e.keyLastTsUs = in.readLong();
        return e;
    }

    private static <T extends SpecificRecord> T decode(AvroBinaryCodec<T> codec, DataInputView in) throws IOException {
        try {
            return codec.decode(StateData.readBytes(in));
        } catch (AvroBinaryCodec.MalformedRecordException m) {
            throw new IOException("engine event: " + m.getMessage(), m);
        }
    }
}

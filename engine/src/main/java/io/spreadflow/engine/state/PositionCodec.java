package io.spreadflow.engine.state;

import io.spreadflow.engine.signal.PositionRecord;
import io.spreadflow.engine.signal.SignalStateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The versioned binary form of one open position with its legs, as the keyed state keeps it by position
 * id. {@link #read} reads every version up to {@link #CURRENT}.
 */
public final class PositionCodec {

    /**
     * The format version this code writes. History:
     * <ol>
     *   <li>a position of {@link EngineStateCodec}'s format 3, kept apart from the book.</li>
     * </ol>
     */
    public static final int CURRENT = 1;

    /** By format version (from 1): the {@link EngineStateCodec} format whose field layouts that version shares. */
    private static final int[] ENGINE_FORMATS = {3};

    private PositionCodec() {}

    /** {@link #CURRENT} as a method, for code in other modules. */
    public static int formatVersion() {
        return CURRENT;
    }

    public static void write(DataOutput out, PositionRecord p) throws IOException {
        out.writeInt(CURRENT);
        SignalStateCodec.writePosition(out, p);
    }

    /** @throws IOException when the bytes are damaged or were written by a later format version */
    public static PositionRecord read(DataInput in) throws IOException {
        return SignalStateCodec.readPosition(in, MarketPartCodec.engineFormat(in.readInt(), ENGINE_FORMATS, "position"));
    }
}

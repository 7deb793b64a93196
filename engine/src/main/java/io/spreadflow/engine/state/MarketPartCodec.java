package io.spreadflow.engine.state;

import io.spreadflow.engine.MarketPart;
import io.spreadflow.engine.accounting.LedgerStateCodec;
import io.spreadflow.engine.indicator.IndicatorStateCodec;
import io.spreadflow.engine.market.MarketStateCodec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/**
 * The versioned binary form of an instrument's {@link MarketPart}: the format version first, then the
 * instrument, quotes, open bar, indicators, the strategy's state (self-describing), ledger and counters.
 * {@link #read} reads every version up to {@link #CURRENT}.
 */
public final class MarketPartCodec {

    /**
     * The format version this code writes. History:
     * <ol>
     *   <li>the market part of {@link EngineStateCodec}'s format 3, kept apart from the book.</li>
     * </ol>
     */
    public static final int CURRENT = 1;

    private MarketPartCodec() {}

    /** {@link #CURRENT} as a method, for code in other modules (a constant would be copied into their class files). */
    public static int formatVersion() {
        return CURRENT;
    }

    /** By format version (from 1): the {@link EngineStateCodec} format whose field layouts that version shares. */
    private static final int[] ENGINE_FORMATS = {3};

    /**
     * The {@link EngineStateCodec} format whose field layouts (quotes, indicators, positions, ...) a part's
     * format {@code part} shares: the part codecs pass it on to the codecs of those fields.
     *
     * @param engineFormats by part format version (from 1), the engine format it shares
     */
    static int engineFormat(int part, int[] engineFormats, String what) throws IOException {
        if (part < 1 || part > engineFormats.length) {
            throw new IOException(what + " of format version " + part + "; this code reads versions 1 to " + engineFormats.length);
        }
        return engineFormats[part - 1];
    }

    public static void write(DataOutput out, MarketPart m) throws IOException {
        out.writeInt(CURRENT);
        StateData.writeString(out, m.instrument());
        MarketStateCodec.writeBoard(out, m.board());
        MarketStateCodec.writeBars(out, m.bars());
        IndicatorStateCodec.write(out, m.indicators());
        StrategyStateCodec.write(out, m.strategyState());
        LedgerStateCodec.write(out, m.ledger());
        out.writeLong(m.rows());
        out.writeLong(m.nextFundingUs());
        out.writeInt(m.fundingIndex());
    }

    /** @throws IOException when the bytes are damaged or were written by a later format version */
    public static MarketPart read(DataInput in) throws IOException {
        int version = engineFormat(in.readInt(), ENGINE_FORMATS, "market state");
        String instrument = StateData.readString(in);
        var board = MarketStateCodec.readBoard(in, version);
        var bars = MarketStateCodec.readBars(in, version);
        var indicators = IndicatorStateCodec.read(in, version);
        Object strategy = StrategyStateCodec.read(in, version);
        if (strategy != null && !(strategy instanceof Serializable)) {
            throw new IOException("strategy state " + strategy.getClass().getName() + " is not a strategy state any more");
        }
        var ledger = LedgerStateCodec.read(in, version);
        return new MarketPart(instrument, board, bars, indicators, (Serializable) strategy, ledger, in.readLong(), in.readLong(), in.readInt());
    }
}

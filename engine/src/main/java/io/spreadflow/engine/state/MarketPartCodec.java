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
        writeFields(out, m);
        out.writeLong(m.rows());
        out.writeLong(m.nextFundingUs());
        out.writeInt(m.fundingIndex());
    }

    /** @throws IOException when the bytes are damaged or were written by a later format version */
    public static MarketPart read(DataInput in) throws IOException {
        MarketPart m = readFields(in, engineFormat(in.readInt(), ENGINE_FORMATS, "market state"));
        return new MarketPart(m.instrument(), m.board(), m.bars(), m.indicators(), m.strategyState(), m.ledger(), in.readLong(),
                in.readLong(), in.readInt());
    }

    /**
     * The fields both this format and {@link EngineStateCodec}'s store first, in this order: instrument, quotes, open bar,
     * indicators, strategy state, ledger (the counters each stores where its format has them).
     */
    static void writeFields(DataOutput out, MarketPart m) throws IOException {
        StateData.writeString(out, m.instrument());
        MarketStateCodec.writeBoard(out, m.board());
        MarketStateCodec.writeBars(out, m.bars());
        IndicatorStateCodec.write(out, m.indicators());
        StrategyStateCodec.write(out, m.strategyState());
        LedgerStateCodec.write(out, m.ledger());
    }

    /** Reads what {@link #writeFields} wrote, in {@link EngineStateCodec} format {@code engineFormat}; the counters are 0. */
    static MarketPart readFields(DataInput in, int engineFormat) throws IOException {
        String instrument = StateData.readString(in);
        var board = MarketStateCodec.readBoard(in, engineFormat);
        var bars = MarketStateCodec.readBars(in, engineFormat);
        var indicators = IndicatorStateCodec.read(in, engineFormat);
        Object strategy = StrategyStateCodec.read(in, engineFormat);
        if (strategy != null && !(strategy instanceof Serializable)) {
            throw new IOException("strategy state " + strategy.getClass().getName() + " is not a strategy state any more");
        }
        var ledger = LedgerStateCodec.read(in, engineFormat);
        return new MarketPart(instrument, board, bars, indicators, (Serializable) strategy, ledger, 0, 0, 0);
    }
}

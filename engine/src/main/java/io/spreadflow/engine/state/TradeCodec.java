package io.spreadflow.engine.state;

import io.spreadflow.engine.accounting.Trade;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The stored form of a closed {@link Trade}: in the engine's state and on the wire to the report. */
public final class TradeCodec {

    private TradeCodec() {}

    public static void write(DataOutput out, Trade t) throws IOException {
        StateData.writeString(out, t.instrument());
        StateData.writeString(out, t.strategyId());
        out.writeLong(t.entryTsUs());
        out.writeLong(t.exitTsUs());
        StateData.writeRow(out, t.columnsView());
        StateData.writeDecimal(out, t.pnlQuote());
        StateData.writeDecimal(out, t.feesQuote());
        StateData.writeDecimal(out, t.notionalQuote());
        StateData.writeDecimal(out, t.fundingQuote());
    }

    /** @param version the format version the bytes were written in */
    public static Trade read(DataInput in, int version) throws IOException {
        String instrument = StateData.readString(in);
        String strategy = StateData.readString(in);
        long entry = in.readLong();
        long exit = in.readLong();
        var columns = StateData.readRow(in);
        if (columns == null) throw new IOException("damaged state: a trade without columns");
        return new Trade(instrument, strategy, entry, exit, columns, StateData.readDecimal(in), StateData.readDecimal(in),
                StateData.readDecimal(in), StateData.readDecimal(in));
    }
}

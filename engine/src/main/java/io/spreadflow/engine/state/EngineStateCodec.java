package io.spreadflow.engine.state;

import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.MarketPart;
import io.spreadflow.engine.fill.PendingOrders;
import io.spreadflow.engine.signal.SignalStateCodec;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import org.apache.avro.Schema;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The versioned binary form of an instrument's {@link EngineState}, written field by field with
 * {@link DataOutput}: the format version first, then the instrument, quotes, open bar, indicators,
 * the strategy's state (self-describing, {@link StrategyStateCodec}), ledger, positions, waiting
 * orders, held ticks, early reports and counters. Everything a restore needs travels in the bytes, so
 * no configuration is needed to read them.
 *
 * <p>{@link #read} reads every version up to {@link #CURRENT}; a later version of this class that adds
 * a field bumps {@link #CURRENT} and gives the field its default when reading older bytes. Held ticks
 * and early reports are binary Avro of the schema given at construction (the writer's, recorded by the
 * Flink serializer's snapshot), resolved against the current schema. Not thread-safe.
 */
public final class EngineStateCodec {

    /**
     * The format version this code writes. History:
     * <ol>
     *   <li>first explicit format;</li>
     *   <li>a position's exposure left at its last exit attempt ({@code PositionRecord.exitLeft});
     *       read from format 1 as a fresh position's (+∞, no attempt yet).</li>
     *   <li>the run epoch of the book's intent ids ({@code PositionBook.runEpoch}); read from formats 1 and 2
     *       as 0, no epoch, so a restored instrument goes on sending ids of the form it sent before.</li>
     * </ol>
     */
    public static final int CURRENT = 3;

    /**
     * {@link #CURRENT} as a method: code in other modules calls this, so that a new version reaches it
     * without recompiling it (a constant would be copied into its class files).
     */
    public static int formatVersion() {
        return CURRENT;
    }

    /** The waiting orders, held ticks and early reports: the same layout as the book part's. */
    private final BookPartCodec orders;

    /** Reads and writes with the current Avro schemas. */
    public EngineStateCodec() {
        this(BookTicker.getClassSchema(), ExecutionReport.getClassSchema());
    }

    /** Reads held ticks and early reports written with these schemas; writes with the current ones. */
    public EngineStateCodec(Schema tickWriterSchema, Schema reportWriterSchema) {
        orders = new BookPartCodec(tickWriterSchema, reportWriterSchema);
    }

    public void write(DataOutput out, EngineState s) throws IOException {
        out.writeInt(CURRENT);
        MarketPartCodec.writeFields(out, s.marketPart());
        SignalStateCodec.write(out, s.positions());
        orders.writeOrders(out, s.pending(), s.heldView(), s.earlyView());
        out.writeLong(s.rows());
        out.writeLong(s.nextFundingUs());
        out.writeInt(s.fundingIndex());
    }

    /** @throws IOException when the bytes are damaged or were written by a later format version */
    public EngineState read(DataInput in) throws IOException {
        int version = in.readInt();
        if (version < 1 || version > CURRENT) {
            throw new IOException("engine state of format version " + version + "; this code reads versions 1 to " + CURRENT);
        }
        MarketPart m = MarketPartCodec.readFields(in, version);
        var book = SignalStateCodec.read(in, version);
        PendingOrders pending = BookPartCodec.readPending(in);
        List<BookTicker> held = new ArrayList<>(orders.readHeld(in));
        Map<String, List<ExecutionReport>> early = orders.readEarly(in);
        long rows = in.readLong();
        long nextFunding = in.readLong();
        int fundingIndex = in.readInt();
        return EngineState.restored(m.instrument(), m.board(), m.bars(), m.indicators(), m.strategyState(), m.ledger(), book, pending,
                held, early, rows, nextFunding, fundingIndex);
    }
}

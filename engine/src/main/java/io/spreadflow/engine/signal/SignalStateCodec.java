package io.spreadflow.engine.signal;

import io.spreadflow.engine.state.StateData;
import io.spreadflow.engine.state.TradeCodec;
import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.Side;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a {@link PositionBook}: the open positions with their legs, the intent index,
 * sequences, P&L, halt, the settled legs, the close order, finished trades and ghosts, each in its
 * order, so that a restored book replays exactly as the original would have.
 */
public final class SignalStateCodec {

    private SignalStateCodec() {}

    public static void write(DataOutput out, PositionBook b) throws IOException {
        StateData.writeCount(out, b.positions.size());
        for (PositionRecord p : b.positions.values()) writePosition(out, p);
        writeHeader(out, b);
    }

    /**
     * Everything of the book but its open positions: the intent index, sequences, P&L, halt, settled legs,
     * close order, finished trades and ghosts (the keyed state keeps the positions apart, by id).
     */
    public static void writeHeader(DataOutput out, PositionBook b) throws IOException {
        StateData.writeCount(out, b.intentToPosition.size());
        for (Map.Entry<String, Long> e : b.intentToPosition.entrySet()) {
            StateData.writeString(out, e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeLong(b.intentSequence);
        out.writeLong(b.runEpoch);
        out.writeLong(b.signalSequence);
        out.writeLong(b.lastEntryRowTsUs);
        out.writeLong(b.nextDeadlineUs);
        StateData.writeDecimal(out, b.realizedPnl);
        StateData.writeDecimal(out, b.realizedFees);
        out.writeBoolean(b.halted);
        StateData.writeString(out, b.haltReason);
        StateData.writeCount(out, b.settledLegs.size());
        for (Map.Entry<String, Double> e : b.settledLegs.entrySet()) {
            StateData.writeString(out, e.getKey());
            out.writeDouble(e.getValue());
        }
        StateData.writeCount(out, b.closeOrder.size());
        for (long id : b.closeOrder) out.writeLong(id);
        StateData.writeCount(out, b.finishedTrades.size());
        for (var e : b.finishedTrades.entrySet()) {
            out.writeLong(e.getKey());
            TradeCodec.write(out, e.getValue());
        }
        StateData.writeCount(out, b.ghosts.size());
        for (Map.Entry<Long, PositionBook.Ghost> e : b.ghosts.entrySet()) {
            PositionBook.Ghost g = e.getValue();
            out.writeLong(e.getKey());
            out.writeLong(g.entryRowTsUs());
            out.writeLong(g.flatTsUs());
            StateData.writeDecimal(out, g.pnl());
            StateData.writeDecimal(out, g.fees());
            StateData.writeDecimal(out, g.notional());
            StateData.writeDecimal(out, g.funding());
            out.writeBoolean(g.filled());
        }
    }

    /** @param version the format version the bytes were written in */
    public static PositionBook read(DataInput in, int version) throws IOException {
        int n = StateData.readCount(in, "positions");
        List<PositionRecord> open = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) open.add(readPosition(in, version));
        PositionBook b = readHeader(in, version);
        b.restoreOpen(open);
        return b;
    }

    /**
     * A book of {@link #writeHeader}'s bytes, without open positions ({@link PositionBook#restoreOpen} puts them in).
     *
     * @param version the engine-state format version the bytes were written in
     */
    public static PositionBook readHeader(DataInput in, int version) throws IOException {
        PositionBook b = new PositionBook();
        int n = StateData.readCount(in, "intents");
        for (int i = 0; i < n; i++) b.intentToPosition.put(StateData.readString(in), in.readLong());
        b.intentSequence = in.readLong();
        // format 3 added the run epoch; books written before have none (their ids keep the form without one)
        b.runEpoch = version >= 3 ? in.readLong() : 0;
        b.signalSequence = in.readLong();
        b.lastEntryRowTsUs = in.readLong();
        b.nextDeadlineUs = in.readLong();
        b.realizedPnl = StateData.readDecimal(in);
        b.realizedFees = StateData.readDecimal(in);
        b.halted = in.readBoolean();
        b.haltReason = StateData.readString(in);
        n = StateData.readCount(in, "settled legs");
        for (int i = 0; i < n; i++) b.settledLegs.put(StateData.readString(in), in.readDouble());
        n = StateData.readCount(in, "close order");
        for (int i = 0; i < n; i++) b.closeOrder.add(in.readLong());
        n = StateData.readCount(in, "finished trades");
        for (int i = 0; i < n; i++) b.finishedTrades.put(in.readLong(), TradeCodec.read(in, version));
        n = StateData.readCount(in, "ghosts");
        for (int i = 0; i < n; i++) {
            long id = in.readLong();
            b.ghosts.put(id, new PositionBook.Ghost(in.readLong(), in.readLong(), StateData.readDecimal(in),
                    StateData.readDecimal(in), StateData.readDecimal(in), StateData.readDecimal(in), in.readBoolean()));
        }
        return b;
    }

    /** One open position with its legs. */
    public static void writePosition(DataOutput out, PositionRecord p) throws IOException {
        out.writeLong(p.id);
        StateData.writeEnum(out, p.kind);
        StateData.writeEnum(out, p.state);
        out.writeLong(p.entryRowTsUs);
        out.writeDouble(p.entrySpread);
        StateData.writeString(out, p.entryReason);
        StateData.writeCount(out, p.entryVenues.length);
        for (int i = 0; i < p.entryVenues.length; i++) {
            StateData.writeString(out, p.entryVenues[i]);
            StateData.writeEnum(out, p.entrySides[i]);
        }
        out.writeDouble(p.initialTarget);
        out.writeDouble(p.target);
        StateData.writeDecimal(out, p.entryNotional);
        StateData.writeCount(out, p.legs.size());
        for (LegRecord l : p.legs) writeLeg(out, l);
        StateData.writeDecimal(out, p.cash);
        StateData.writeDecimal(out, p.fees);
        StateData.writeDecimal(out, p.funding);
        out.writeBoolean(p.completeTried);
        out.writeInt(p.exitAttempts);
        out.writeDouble(p.exitLeft);
        writeAction(out, p.pendingExit);
        out.writeLong(p.pendingExitRowTsUs);
        out.writeDouble(p.pendingExitSpread);
        out.writeLong(p.exitRowTsUs);
        StateData.writeString(out, p.exitReason);
        StateData.writeRow(out, p.tradeRow);
        out.writeBoolean(p.strategyClose);
    }

    /** @param version the engine-state format version the bytes were written in */
    public static PositionRecord readPosition(DataInput in, int version) throws IOException {
        long id = in.readLong();
        Decision.Kind kind = StateData.readEnum(in, Decision.Kind.class);
        PositionState state = StateData.readEnum(in, PositionState.class);
        long entryTs = in.readLong();
        double entrySpread = in.readDouble();
        String entryReason = StateData.readString(in);
        int legs = StateData.readCount(in, "entry legs");
        String[] venues = new String[legs];
        Side[] sides = new Side[legs];
        for (int i = 0; i < legs; i++) {
            venues[i] = StateData.readString(in);
            sides[i] = StateData.readEnum(in, Side.class);
        }
        double initialTarget = in.readDouble();
        double target = in.readDouble();
        PositionRecord p = new PositionRecord(id, kind, entryTs, entrySpread, entryReason, venues, sides, initialTarget,
                StateData.readDecimal(in));
        p.state = state;
        p.target = target;
        int n = StateData.readCount(in, "legs");
        for (int i = 0; i < n; i++) p.legs.add(readLeg(in));
        p.cash = StateData.readDecimal(in);
        p.fees = StateData.readDecimal(in);
        p.funding = StateData.readDecimal(in);
        p.completeTried = in.readBoolean();
        p.exitAttempts = in.readInt();
        // format 1 knew no exit settlement: a fresh position's value
        if (version >= 2) p.exitLeft = in.readDouble();
        p.pendingExit = readAction(in);
        p.pendingExitRowTsUs = in.readLong();
        p.pendingExitSpread = in.readDouble();
        p.exitRowTsUs = in.readLong();
        p.exitReason = StateData.readString(in);
        p.tradeRow = StateData.readRow(in);
        p.strategyClose = in.readBoolean();
        return p;
    }

    private static void writeLeg(DataOutput out, LegRecord l) throws IOException {
        StateData.writeString(out, l.intentId);
        out.writeInt(l.legIndex);
        StateData.writeEnum(out, l.purpose);
        StateData.writeString(out, l.venue);
        StateData.writeEnum(out, l.side);
        out.writeDouble(l.quantity);
        out.writeLong(l.deadlineUs);
        out.writeDouble(l.filled);
        StateData.writeDecimal(out, l.notional);
        StateData.writeDecimal(out, l.fee);
        StateData.writeEnum(out, l.status);
        out.writeBoolean(l.reported);
    }

    private static LegRecord readLeg(DataInput in) throws IOException {
        LegRecord l = new LegRecord(StateData.readString(in), in.readInt(), StateData.readEnum(in, IntentPurpose.class),
                StateData.readString(in), StateData.readEnum(in, Side.class), in.readDouble(), in.readLong());
        l.filled = in.readDouble();
        l.notional = StateData.readDecimal(in);
        l.fee = StateData.readDecimal(in);
        l.status = StateData.readEnum(in, LegRecord.Status.class);
        l.reported = in.readBoolean();
        return l;
    }

    /** An exit decided while the entry was still filling, or {@code null}. */
    private static void writeAction(DataOutput out, Decision.Action a) throws IOException {
        out.writeBoolean(a != null);
        if (a == null) return;
        StateData.writeEnum(out, a.kind());
        out.writeLong(a.positionId());
        StateData.writeString(out, a.reason());
        StateData.writeCount(out, a.legs().size());
        for (Decision.Leg l : a.legs()) {
            StateData.writeString(out, l.venue());
            StateData.writeEnum(out, l.side());
            out.writeDouble(l.referencePrice());
        }
        out.writeDouble(a.sizeQuote());
        StateData.writeRow(out, a.values());
        StateData.writeRow(out, a.tradeRow());
    }

    private static Decision.Action readAction(DataInput in) throws IOException {
        if (!in.readBoolean()) return null;
        Decision.Kind kind = StateData.readEnum(in, Decision.Kind.class);
        long id = in.readLong();
        String reason = StateData.readString(in);
        int n = StateData.readCount(in, "decision legs");
        List<Decision.Leg> legs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            legs.add(new Decision.Leg(StateData.readString(in), StateData.readEnum(in, Side.class), in.readDouble()));
        }
        double size = in.readDouble();
        LinkedHashMap<String, Object> raw = StateData.readRow(in);
        LinkedHashMap<String, Double> values = null;
        if (raw != null) {
            values = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : raw.entrySet()) values.put(e.getKey(), (Double) e.getValue());
        }
        try {
            return new Decision.Action(kind, id, reason, legs, size, values, StateData.readRow(in));
        } catch (RuntimeException e) {
            throw new IOException("damaged state: exit decision of position " + id + ": " + e.getMessage(), e);
        }
    }
}

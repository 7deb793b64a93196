package io.spreadflow.job.source;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.Market;
import org.apache.flink.api.common.typeinfo.TypeInfo;


/**
 * One input of the engine operator: a tick, with its place in the input, or an execution report of the
 * service (the live loop), or input that was not accepted.
 *
 * <p>For a tick, {@code seq} increases with input order within an instrument (a per-instrument sequence
 * for files, the Kafka offset for a topic) and becomes the record timestamp in BATCH, so that BATCH
 * mode's sort by (key, timestamp) reproduces the input order while the engine reads event time from the
 * tick. {@code paramSet} says which parameter set of a sweep the copy is for. A line or record that did
 * not decode travels as a rejected input with its dead letter; a report travels in {@link #report}, keyed
 * by its instrument like the ticks. One input type keeps the engine a one-input operator that chains to
 * its source (no serialization between them in backtests).
 *
 * <p>Flat public fields, carried between operators by {@link EngineInputSerializer} (no reflection).
 */
@TypeInfo(EngineInputType.Factory.class)
public class EngineInput {

    /** Stands for an absent nullable long ({@code exchangeTsUs}, {@code updateId}). */
    public static final long ABSENT = Long.MIN_VALUE;

    public int paramSet;
    public long seq;
    /** The Kafka partition a tick came from ({@link #seq} is then its offset); -1 for files and generated ticks. */
    public int partition = -1;
    public String instrument;
    public String venue;
    public String venueSymbol;
    public int market;
    public double bidPrice;
    public double bidQty;
    public double askPrice;
    public double askQty;
    public long receiveTsUs;
    public long exchangeTsUs = ABSENT;
    public long updateId = ABSENT;
    /** Non-null for input that was not accepted: what it was, where it came from and why. */
    public DeadLetter deadLetter;
    /** Non-null for an execution report of the service, for the instrument {@link #instrument}. */
    public ExecutionReport report;
    /** {@link #key()} when the source already knows it (not serialized: the reading side derives it again). */
    public transient String key;

    public EngineInput() {}

    public static EngineInput of(BookTicker t, long seq) {
        EngineInput e = new EngineInput();
        e.seq = seq;
        e.instrument = t.getInstrument();
        e.venue = t.getVenue();
        e.venueSymbol = t.getVenueSymbol();
        e.market = t.getMarket().ordinal();
        e.bidPrice = t.getBidPrice();
        e.bidQty = t.getBidQty();
        e.askPrice = t.getAskPrice();
        e.askQty = t.getAskQty();
        e.receiveTsUs = t.getReceiveTsUs();
        e.exchangeTsUs = t.getExchangeTsUs() == null ? ABSENT : t.getExchangeTsUs();
        e.updateId = t.getUpdateId() == null ? ABSENT : t.getUpdateId();
        return e;
    }

    /** Input that was not accepted, travelling to the dead letters in its place in the input. */
    public static EngineInput rejected(DeadLetter deadLetter) {
        EngineInput e = new EngineInput();
        e.deadLetter = deadLetter;
        return e;
    }

    public boolean isRejected() {
        return deadLetter != null;
    }

    /** The key of the engine instance that processes this tick: instrument, and parameter set in sweeps. */
    public String key() {
        String k = key;
        if (k == null) key = k = keyOf(paramSet, instrument);
        return k;
    }

    /**
     * The key of undecodable input, which has no instrument: it passes through the engine operator to the
     * dead letters without touching any key's state.
     */
    public static final String UNDECODABLE_KEY = "(undecodable)";

    public static String keyOf(int paramSet, String instrument) {
        if (instrument == null) return UNDECODABLE_KEY;
        return paramSet == 0 ? instrument : paramSet + "|" + instrument;
    }

    public EngineInput copyFor(int set) {
        EngineInput e = new EngineInput();
        e.paramSet = set;
        e.seq = seq;
        e.partition = partition;
        e.instrument = instrument;
        e.venue = venue;
        e.venueSymbol = venueSymbol;
        e.market = market;
        e.bidPrice = bidPrice;
        e.bidQty = bidQty;
        e.askPrice = askPrice;
        e.askQty = askQty;
        e.receiveTsUs = receiveTsUs;
        e.exchangeTsUs = exchangeTsUs;
        e.updateId = updateId;
        e.deadLetter = deadLetter;
        e.report = report;
        return e;
    }

    /** An execution report, keyed by its instrument. */
    public static EngineInput of(ExecutionReport report) {
        EngineInput e = new EngineInput();
        e.instrument = report.getInstrument().toString();
        e.report = report;
        return e;
    }

    public boolean isReport() {
        return report != null;
    }

    /** The tick as its own record (the engine may keep it); the constructor, as the builder's defaulting copies cost per tick. */
    public BookTicker toBookTicker() {
        return new BookTicker(instrument, venue, MARKETS[market], venueSymbol, bidPrice, bidQty, askPrice, askQty, receiveTsUs,
                exchangeTsUs == ABSENT ? null : exchangeTsUs, updateId == ABSENT ? null : updateId, null);
    }

    private static final Market[] MARKETS = Market.values();

}

package io.spreadflow.job.source;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.DeadLetter;
import io.spreadflow.schemas.Market;
import org.apache.flink.api.common.typeinfo.TypeInfo;


/**
 * A tick on its way through a backtest job, with its place in the input: {@code seq} increases with
 * input order within an instrument (a per-instrument sequence for files, the Kafka offset for a topic)
 * and becomes the record timestamp, so that BATCH mode's sort by (key, timestamp) reproduces the input
 * order while the engine reads event time from the tick. {@code paramSet} says which parameter set of
 * a sweep the copy is for. A line that did not parse travels as a rejected event with its reason.
 *
 * <p>Flat public fields, carried between operators by {@link TickEventSerializer} (no reflection).
 */
@TypeInfo(TickEventType.Factory.class)
public class TickEvent {

    /** Stands for an absent nullable long ({@code exchangeTsUs}, {@code updateId}). */
    public static final long ABSENT = Long.MIN_VALUE;

    public int paramSet;
    public long seq;
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
    /** {@link #key()} when the source already knows it (not serialized: the reading side derives it again). */
    public transient String key;

    public TickEvent() {}

    public static TickEvent of(BookTicker t, long seq) {
        TickEvent e = new TickEvent();
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
    public static TickEvent rejected(DeadLetter deadLetter) {
        TickEvent e = new TickEvent();
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

    public static String keyOf(int paramSet, String instrument) {
        return paramSet == 0 ? instrument : paramSet + "|" + instrument;
    }

    public TickEvent copyFor(int set) {
        TickEvent e = new TickEvent();
        e.paramSet = set;
        e.seq = seq;
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
        return e;
    }

    public BookTicker toBookTicker() {
        return BookTicker.newBuilder()
                .setInstrument(instrument)
                .setVenue(venue)
                .setVenueSymbol(venueSymbol)
                .setMarket(Market.values()[market])
                .setBidPrice(bidPrice)
                .setBidQty(bidQty)
                .setAskPrice(askPrice)
                .setAskQty(askQty)
                .setReceiveTsUs(receiveTsUs)
                .setExchangeTsUs(exchangeTsUs == ABSENT ? null : exchangeTsUs)
                .setUpdateId(updateId == ABSENT ? null : updateId)
                .build();
    }

}

package io.spreadflow.engine;

import io.spreadflow.engine.accounting.Ledger;
import io.spreadflow.engine.fill.PendingOrders;
import io.spreadflow.engine.indicator.IndicatorSet;
import io.spreadflow.engine.market.BarAggregator;
import io.spreadflow.engine.market.QuoteBoard;
import io.spreadflow.engine.signal.PositionBook;
import io.spreadflow.engine.signal.PositionRecord;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link InstrumentState} of {@link DefaultInstrumentEngine}: quotes, the open bar, indicators,
 * the strategy's own state, the signal state machine, waiting orders and the ledger of one instrument.
 */
public final class EngineState implements InstrumentState {

    final String instrument;
    final QuoteBoard board;
    /** {@code null} when the strategy sees every tick. */
    final BarAggregator bars;
    final IndicatorSet indicators;
    final Serializable strategyState;
    final PositionBook book;
    final PendingOrders pending;
    final Ledger ledger;
    /** Ticks waiting for the reports of the orders that are out (execution through the service). */
    final ArrayDeque<BookTicker> held;
    /**
     * Reports of intents this state has not sent yet: after a restore, the execution service's report of
     * an intent sent before the failure can arrive before the replayed ticks decide that intent again.
     * Applied once the intent is sent; by intent id, in arrival order.
     */
    final LinkedHashMap<String, List<ExecutionReport>> early;
    /** How many reports {@link #early} holds over all its intents (derived, not stored). */
    private transient int earlyCount;
    long rows;
    /** Time of the next funding event of this instrument's perpetual; {@code Long.MAX_VALUE} when none is left. */
    long nextFundingUs = Long.MAX_VALUE;
    int fundingIndex;

    EngineState(String instrument, QuoteBoard board, BarAggregator bars, IndicatorSet indicators,
                Serializable strategyState, Ledger ledger, PositionBook book) {
        this(instrument, board, bars, indicators, strategyState, ledger, book, new PendingOrders(), new ArrayDeque<>(), new LinkedHashMap<>());
    }

    private EngineState(String instrument, QuoteBoard board, BarAggregator bars, IndicatorSet indicators,
                        Serializable strategyState, Ledger ledger, PositionBook book, PendingOrders pending,
                        ArrayDeque<BookTicker> held, LinkedHashMap<String, List<ExecutionReport>> early) {
        this.instrument = instrument;
        this.held = held;
        this.early = early;
        this.book = book;
        this.pending = pending;
        this.board = board;
        this.bars = bars;
        this.indicators = indicators;
        this.strategyState = strategyState;
        this.ledger = ledger;
    }

    /**
     * A state restored from its stored parts ({@code io.spreadflow.engine.state.EngineStateCodec});
     * {@code held} and {@code early} are copied in their order.
     */
    public static EngineState restored(String instrument, QuoteBoard board, BarAggregator bars, IndicatorSet indicators,
                                       Serializable strategyState, Ledger ledger, PositionBook book, PendingOrders pending,
                                       Collection<BookTicker> held, Map<String, List<ExecutionReport>> early,
                                       long rows, long nextFundingUs, int fundingIndex) {
        EngineState s = new EngineState(instrument, board, bars, indicators, strategyState, ledger, book, pending,
                new ArrayDeque<>(), new LinkedHashMap<>());
        s.held.addAll(held);
        for (Map.Entry<String, List<ExecutionReport>> e : early.entrySet()) s.early.put(e.getKey(), new ArrayList<>(e.getValue()));
        for (List<ExecutionReport> l : early.values()) s.earlyCount += l.size();
        s.rows = rows;
        s.nextFundingUs = nextFundingUs;
        s.fundingIndex = fundingIndex;
        return s;
    }

    /**
     * The state of an instrument's parts as the keyed state keeps them apart: it takes over their objects
     * (no copy), and the book gets {@code open}, the open positions in entry order.
     */
    public static EngineState fromParts(MarketPart m, BookPart b, List<PositionRecord> open) {
        b.book().restoreOpen(open);
        EngineState s = new EngineState(m.instrument(), m.board(), m.bars(), m.indicators(), m.strategyState(), m.ledger(),
                b.book(), b.pending(), b.held(), b.early());
        for (List<ExecutionReport> l : s.early.values()) s.earlyCount += l.size();
        s.rows = m.rows();
        s.nextFundingUs = m.nextFundingUs();
        s.fundingIndex = m.fundingIndex();
        return s;
    }

    /** The part that changes with every tick; shares this state's objects. */
    public MarketPart marketPart() {
        return new MarketPart(instrument, board, bars, indicators, strategyState, ledger, rows, nextFundingUs, fundingIndex);
    }

    /** The book's header, open position ids and order plumbing; shares this state's objects. */
    public BookPart bookPart() {
        return new BookPart(book, book.openIds(), pending, held, early);
    }

    @Override
    public String instrument() {
        return instrument;
    }

    @Override
    public long lastTickUs() {
        return board.streamTimeUs();
    }

    /** Rows (bars or ticks) the strategy has seen. */
    public long rows() {
        return rows;
    }

    public QuoteBoard board() {
        return board;
    }

    /** The signal state machine's positions, sequences and halt flag. */
    public PositionBook positions() {
        return book;
    }

    public Ledger ledger() {
        return ledger;
    }

    /**
     * Mark-to-market P&L of the positions not yet flat, quote currency: their booked cash flow and fees
     * plus each venue's net quantity at the price it would close at (the bid for a long, the ask for a
     * short) on the latest quotes. Zero when flat; add {@link PositionBook#realizedPnl()} for the total.
     */
    public BigDecimal unrealizedPnl() {
        BigDecimal u = BigDecimal.ZERO;
        for (PositionRecord p : book.records()) {
            u = u.add(p.bookedPnl());
            for (String venue : p.venues()) {
                double net = p.net(venue);
                int v = board.indexOf(venue);
                if (net == 0 || v < 0 || !board.has(v)) continue;
                double mark = net > 0 ? board.bid(v) : board.ask(v);
                u = u.add(BigDecimal.valueOf(net).multiply(BigDecimal.valueOf(mark)));
            }
        }
        return u;
    }

    /** Orders waiting for their venue's next book. */
    public PendingOrders pending() {
        return pending;
    }

    /** Ticks waiting for the reports of the orders that are out. */
    public int heldTicks() {
        return held.size();
    }

    /** Reports that arrived before their intent was sent (after a restore), not applied yet. */
    public int earlyReports() {
        return earlyCount;
    }

    /** Keeps a report until its intent is sent. */
    void addEarly(ExecutionReport r) {
        early.computeIfAbsent(r.getIntentId(), k -> new ArrayList<>(2)).add(r);
        earlyCount++;
    }

    /**
     * Takes the oldest early report out: the first kept report of the intent whose reports began to arrive first
     * (reports are kept by intent); null when none is kept.
     */
    ExecutionReport pollOldestEarly() {
        var first = early.entrySet().iterator();
        if (!first.hasNext()) return null;
        var e = first.next();
        ExecutionReport r = e.getValue().remove(0);
        if (e.getValue().isEmpty()) first.remove();
        earlyCount--;
        return r;
    }

    /** Takes the early reports of {@code intentId} out, in arrival order. */
    List<ExecutionReport> takeEarly(String intentId) {
        List<ExecutionReport> l = early.remove(intentId);
        if (l == null) return List.of();
        earlyCount -= l.size();
        return l;
    }

    /** The open bar, or {@code null} when the strategy sees every tick. */
    public BarAggregator bars() {
        return bars;
    }

    public IndicatorSet indicators() {
        return indicators;
    }

    /** The held ticks, oldest first (read-only). */
    public Collection<BookTicker> heldView() {
        return Collections.unmodifiableCollection(held);
    }

    /** The early reports by intent id, in arrival order (read-only). */
    public Map<String, List<ExecutionReport>> earlyView() {
        return Collections.unmodifiableMap(early);
    }

    /** Time of the next funding event; {@code Long.MAX_VALUE} when none is left. */
    public long nextFundingUs() {
        return nextFundingUs;
    }

    /** Index of the next funding event in the instrument's schedule. */
    public int fundingIndex() {
        return fundingIndex;
    }

    /** The strategy's own state. */
    public Serializable strategyState() {
        return strategyState;
    }
}

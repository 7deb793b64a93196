package io.spreadflow.engine;

import io.spreadflow.engine.accounting.FundingSchedule;
import io.spreadflow.engine.accounting.Ledger;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.fill.Fill;
import io.spreadflow.engine.fill.FillModel;
import io.spreadflow.engine.fill.FillReports;
import io.spreadflow.engine.fill.OrderRequest;
import io.spreadflow.engine.fill.PendingOrders;
import io.spreadflow.engine.fill.TopOfBookFillModel;
import io.spreadflow.engine.indicator.IndicatorSet;
import io.spreadflow.engine.market.BarAggregator;
import io.spreadflow.engine.market.MarketRow;
import io.spreadflow.engine.market.QuoteBoard;
import io.spreadflow.engine.market.QuoteRejection;
import io.spreadflow.engine.signal.Outcome;
import io.spreadflow.engine.signal.SignalMachine;
import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.engine.strategy.IndicatorSpec;
import io.spreadflow.engine.strategy.SignalStrategy;
import io.spreadflow.engine.strategy.StrategyRegistry;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;

import java.math.BigDecimal;
import java.util.List;

/**
 * The per-instrument pipeline for one {@link StrategyConfig}: quote board → bars (optional) → spreads →
 * indicators → strategy → signal state machine → fills (in-job fill model, or execution reports from
 * the service) → ledger and trades.
 *
 * <p>One engine serves every instrument of a job; all per-instrument data is in {@link EngineState}.
 * An engine is not thread-safe (it reuses one row view): use one per thread. It is not serializable:
 * the Flink job carries its configuration ({@code io.spreadflow.job.EngineFactory}) and builds engines in
 * each task.
 */
public final class DefaultInstrumentEngine implements InstrumentEngine {

    private final StrategyConfig config;
    @SuppressWarnings("rawtypes")
    private final SignalStrategy strategy;
    private final List<String> venues;
    private final List<IndicatorSpec> indicatorSpecs;
    private final SignalMachine machine;
    private final FillModel fillModel;
    private final MarketRow row;
    private final boolean inJob;
    private final int maxHeldTicks;
    private final BufferLimits limits;
    private final long latencyUs;
    private final long maxSkewUs;
    private final long staleAfterUs;
    private final boolean hasSpreads;
    private final boolean needsExitSpread;
    private final FundingSchedule funding;
    private final ActionReview review;

    /** An engine running {@code strategy} as {@code config} describes. */
    public DefaultInstrumentEngine(StrategyConfig config, SignalStrategy<?> strategy) {
        this(config, strategy, FundingSchedule.NONE);
    }

    /**
     * An engine running {@code strategy} as {@code config} describes that books the funding of
     * {@code funding} (rates of the configured futures venue) on the positions holding the perpetual.
     */
    public DefaultInstrumentEngine(StrategyConfig config, SignalStrategy<?> strategy, FundingSchedule funding) {
        if (!config.strategyId().equals(strategy.id())) {
            throw new IllegalArgumentException("config names strategy '" + config.strategyId() + "' but got '" + strategy.id() + "'");
        }
        config.validateParams(strategy.parameters());
        this.config = config;
        this.strategy = strategy;
        this.venues = config.venues().all();
        this.indicatorSpecs = List.copyOf(strategy.indicators(config));
        this.machine = new SignalMachine(config, strategy.keepsOwnPositions());
        this.fillModel = TopOfBookFillModel.of(config);
        this.row = new MarketRow(config.venues(), config.multiSpot(), config.fees());
        this.inJob = config.execution().mode() == StrategyConfig.ExecutionMode.IN_JOB;
        this.maxHeldTicks = inJob ? 0 : config.execution().maxHeldTicks();
        this.latencyUs = java.util.concurrent.TimeUnit.MICROSECONDS.convert(config.execution().fillLatency());
        this.maxSkewUs = java.util.concurrent.TimeUnit.MICROSECONDS.convert(config.maxTickSkew());
        this.staleAfterUs = java.util.concurrent.TimeUnit.MICROSECONDS.convert(config.staleAfter());
        this.hasSpreads = config.venues().hasFutures() && !config.venues().spot().isEmpty();
        this.funding = funding == null ? FundingSchedule.NONE : funding;
        this.limits = new BufferLimits(maxHeldTicks, config.execution().maxEarlyReports(), machine);
        this.review = new ActionReview(strategy, machine, row, config.sizing().notionalQuote().doubleValue());
        this.needsExitSpread = new IndicatorSet(indicatorSpecs).needsExitSpread(); // also fails early on duplicate names
    }

    /** An engine for {@code config}, its strategy looked up by id among the registered strategies. */
    public static DefaultInstrumentEngine create(StrategyConfig config) {
        return new DefaultInstrumentEngine(config, StrategyRegistry.load().get(config.strategyId()));
    }

    /** As {@link #create(StrategyConfig)}, with funding rates. */
    public static DefaultInstrumentEngine create(StrategyConfig config, FundingSchedule funding) {
        return new DefaultInstrumentEngine(config, StrategyRegistry.load().get(config.strategyId()), funding);
    }

    public StrategyConfig config() {
        return config;
    }

    @Override
    @SuppressWarnings("unchecked")
    public EngineState newState(String instrument) {
        QuoteBoard board = new QuoteBoard(venues, maxSkewUs, staleAfterUs);
        BarAggregator bars = config.barSeconds() > 0 ? new BarAggregator(venues.size(), config.barMicros()) : null;
        EngineState s = new EngineState(instrument, board, bars, new IndicatorSet(indicatorSpecs),
                strategy.initialState(config), new Ledger(config.sizing().startingBalances()), machine.newBook());
        FundingSchedule.Series f = funding.series(config.venues().futures(), instrument);
        if (f != null && f.size() > 0) s.nextFundingUs = f.timesUs()[0];
        return s;
    }

    @Override
    public EngineState onIdle(InstrumentState state, long nowUs, EngineOutput out) {
        EngineState s = (EngineState) state;
        EngineState fresh = newState(s.instrument);
        // market part anew; what the instrument holds carried over in its order
        EngineState kept = EngineState.restored(s.instrument, fresh.board, fresh.bars, fresh.indicators, s.strategyState, s.ledger,
                s.book, s.pending, s.held, s.early, s.rows, s.nextFundingUs, s.fundingIndex);
        out.signal(machine.idle(s.book, s.instrument, nowUs));
        return kept;
    }

    // ------------------------------------------------------------------ ticks

    @Override
    public boolean fillsInJob() {
        return inJob;
    }

    /**
     * Whether a tick arriving now waits. With the execution service, a tick that arrives while orders of this instrument are out waits
     * (in the state) until their reports are in, up to {@code max-held-ticks}: the strategy then sees
     * ticks and fills in one order, the order in which a run that failed and restarted sees them too.
     * One more tick halts the instrument ({@link BufferBound#HELD_TICKS_BOUND}) and lets the waiting ticks
     * through.
     */
    private boolean holdsTicks(EngineState s) {
        return maxHeldTicks > 0 && (!s.held.isEmpty() || s.book.hasWorkingLegs());
    }

    @Override
    public int maxHeldTicks() {
        return maxHeldTicks;
    }

    @Override
    public void onTick(InstrumentState state, BookTicker t, EngineOutput out) {
        EngineState s = (EngineState) state;
        if (holdsTicks(s)) {
            if (limits.mayHold(s, out)) {
                s.held.addLast(t);
                return;
            }
            // waited long enough for the service (the instrument is halted): the ticks go on, in their order, and
            // the leg timeout takes over; dropping them instead would stop event time and so the leg timeout too
            while (!s.held.isEmpty()) tick(s, s.held.pollFirst(), out);
        }
        tick(s, t, out);
        catchUp(s, out);
    }

    private void tick(EngineState s, BookTicker t, EngineOutput out) {
        long ts = t.getReceiveTsUs();
        double bid = t.getBidPrice();
        double bidQty = t.getBidQty();
        double ask = t.getAskPrice();
        double askQty = t.getAskQty();
        QuoteRejection r;
        int v = -1;
        String instrument = t.getInstrument();
        // identity first: a decoder that shares one instance per instrument is answered without reading the text
        if (instrument != s.instrument && !s.instrument.equals(instrument)) {
            r = QuoteRejection.WRONG_INSTRUMENT;
        } else {
            v = s.board.indexOf(t.getVenue());
            r = s.board.check(v, bid, bidQty, ask, askQty, ts);
            if (r == null && s.bars != null && s.bars.isLate(ts)) r = QuoteRejection.LATE_FOR_BAR;
        }
        if (r != null) {
            out.rejected(t, r.describe(t.getVenue(), bid, bidQty, ask, askQty, ts, s.board.streamTimeUs()));
            return;
        }
        // funding due before this tick is booked on the book as it stood at the funding time
        if (ts >= s.nextFundingUs) applyFunding(s, ts, out);
        if (s.bars != null) {
            // the tick that opens a later bucket closes the open bar. The decision is taken now, at this
            // tick's time, so its orders meet the book as of now, this tick included: the book any
            // execution (in-job or the service's paper venue, which looks the book up by event time) sees.
            boolean closes = s.bars.closesOpenBar(ts) && s.bars.isComplete();
            s.board.apply(v, bid, bidQty, ask, askQty, ts);
            if (closes) evaluate(s, s.bars.barStartUs(), true, ts, out);
            s.bars.add(v, bid, bidQty, ask, askQty, ts);
        } else {
            s.board.apply(v, bid, bidQty, ask, askQty, ts);
        }
        if (!s.pending.isEmpty()) fillDue(s, v, ts, out);
        if (ts >= s.book.nextDeadlineUs()) emit(s, machine.onTime(s.book, s.instrument, ts), out, ts);
        if (s.bars == null && s.board.allLive(ts)) evaluate(s, ts, false, ts, out);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A report repeated for the same (intentId, legIndex) is dropped. A report of an intent of this
     * instrument not sent yet (its sequence lies ahead: the replay after a restore has not decided it
     * again) is kept until the intent is sent, then applied; at most {@code max-early-reports} are kept
     * ({@link BufferBound#EARLY_REPORTS_BOUND}).
     */
    @Override
    public void onExecution(InstrumentState state, ExecutionReport report, EngineOutput out) {
        EngineState s = (EngineState) state;
        String id = report.getIntentId();
        if (!s.book.knows(id) && machine.sequenceOf(s.book, s.instrument, id) > s.book.intentSequence()) {
            limits.keepEarly(s, report, out);
            return;
        }
        apply(s, report, out);
        catchUp(s, out);
    }

    @SuppressWarnings("unchecked")
    private void apply(EngineState s, ExecutionReport report, EngineOutput out) {
        long now = Math.max(s.board.streamTimeUs(), report.getIntentEventTsUs());
        Outcome o = machine.onReport(s.book, s.ledger, s.instrument, report, now);
        emit(s, o, out, now);
        if (o.applied()) strategy.onExecution(s.strategyState, report);
    }

    /**
     * Applies the early reports whose intents are now sent and lets waiting ticks through while no order
     * is out, in arrival order, until neither is possible.
     */
    private void catchUp(EngineState s, EngineOutput out) {
        while (true) {
            if (!s.early.isEmpty() && applyEarly(s, out)) continue;
            if (s.held.isEmpty() || s.book.hasWorkingLegs()) return;
            tick(s, s.held.pollFirst(), out);
        }
    }

    /** Applies or drops the first early report that can be decided on; false when none can yet. */
    private boolean applyEarly(EngineState s, EngineOutput out) {
        for (String intentId : s.early.keySet()) {
            boolean sent = s.book.knows(intentId);
            // sent, or passed over: this run decided that sequence number differently (the report is then unknown)
            if (sent || machine.sequenceOf(s.book, s.instrument, intentId) <= s.book.intentSequence()) {
                for (ExecutionReport r : s.takeEarly(intentId)) apply(s, r, out);
                return true;
            }
        }
        return false;
    }

    @Override
    public void onEndOfInput(InstrumentState state, EngineOutput out) {
        EngineState s = (EngineState) state;
        // no report will let waiting ticks through any more: they are the input's last ticks
        while (!s.held.isEmpty()) tick(s, s.held.pollFirst(), out);
        long now = s.board.streamTimeUs();
        if (s.bars != null && s.bars.isComplete()) evaluate(s, s.bars.barStartUs(), true, now, out);
        if (s.bars != null) s.bars.close();
        // no later book will come: waiting orders fill against the last one, so that decisions of the
        // final rows still complete (a few rounds, for repairs those fills may send)
        for (int round = 0; inJob && round < END_OF_INPUT_FILL_ROUNDS && !s.pending.isEmpty(); round++) {
            for (PendingOrders.Pending p : s.pending.takeAll()) {
                fill(s, p.intentId(), p.legIndex(), new OrderRequest(p.venue(), p.side(), p.quantity(), Double.NaN),
                        p.intentEventTsUs(), out, now);
            }
        }
        emit(s, machine.onEndOfInput(s.book, s.instrument), out, now);
    }

    /** Rounds of end-of-input fills before orders are left waiting. */
    static final int END_OF_INPUT_FILL_ROUNDS = 10;

    // ------------------------------------------------------------------ rows

    @SuppressWarnings("unchecked")
    private void evaluate(EngineState s, long rowTsUs, boolean fromBar, long decisionTsUs, EngineOutput out) {
        if (fromBar) row.load(s.bars, rowTsUs, s.rows, s.indicators);
        else row.load(s.board, rowTsUs, s.rows, s.indicators);
        s.rows++;
        if (hasSpreads && s.indicators.size() > 0) {
            double c = row.combinedSpread();
            // a row without finite spreads (a venue quoting nonsense within the checks) must not poison the windows
            if (Double.isFinite(c)) {
                s.indicators.update(c, needsExitSpread ? row.combinedExitSpread() : Double.NaN, row.entrySpread(0));
            }
        }
        Decision d = strategy.onMarket(s.strategyState, row, s.book);
        if (d == null || d.isHold()) return;
        for (Decision.Action a : d.actions()) emit(s, review.decide(s, a, rowTsUs, decisionTsUs), out, decisionTsUs);
    }

    // ------------------------------------------------------------------ funding

    private void applyFunding(EngineState s, long ts, EngineOutput out) {
        String venue = config.venues().futures();
        FundingSchedule.Series f = funding.series(venue, s.instrument);
        int v = s.board.indexOf(venue);
        while (s.fundingIndex < f.size() && f.timesUs()[s.fundingIndex] <= ts) {
            long at = f.timesUs()[s.fundingIndex];
            if (v >= 0 && s.board.has(v)) {
                // mark: the perpetual's mid price, the last one quoted at or before the funding time
                BigDecimal mark = BigDecimal.valueOf(s.board.bid(v)).add(BigDecimal.valueOf(s.board.ask(v)))
                        .divide(BigDecimal.valueOf(2));
                emit(s, machine.applyFunding(s.book, s.ledger, s.instrument, venue, at, f.rates()[s.fundingIndex], mark), out, ts);
            }
            s.fundingIndex++;
        }
        s.nextFundingUs = s.fundingIndex < f.size() ? f.timesUs()[s.fundingIndex] : Long.MAX_VALUE;
    }

    // ------------------------------------------------------------------ outcomes and in-job execution

    /**
     * Emits what the state machine decided, in its order. An intent is executed in the job when the
     * engine fills its own intents: at once against the current book (no latency, first attempt), else
     * at the first book of its venue at or after its due time. The reports of an immediate fill go back
     * to the machine, and their outcome is emitted, before the next step.
     *
     * @param now event time of the input being processed; the time reports of immediate fills are applied at
     */
    private void emit(EngineState s, Outcome o, EngineOutput out, long now) {
        List<Outcome.Step> steps = o.steps();
        for (int i = 0; i < steps.size(); i++) {
            Outcome.Step step = steps.get(i);
            if (step instanceof Outcome.Signalled x) {
                out.signal(x.signal());
            } else if (step instanceof Outcome.Ordered x) {
                out.intent(x.intent());
                if (inJob) execute(s, x.intent(), x.nextBook(), out, now);
            } else if (step instanceof Outcome.Traded x) {
                out.trade(x.trade());
            } else if (step instanceof Outcome.Withdrawn x) {
                s.pending.cancel(x.intentId(), x.legIndex());
            } else {
                throw new IllegalStateException("unknown step " + step);
            }
        }
    }

    private void execute(EngineState s, OrderIntent intent, boolean nextBook, EngineOutput out, long now) {
        long decision = intent.getEventTsUs();
        List<OrderLeg> legs = intent.getLegs();
        for (int i = 0; i < legs.size(); i++) {
            OrderLeg l = legs.get(i);
            if (latencyUs == 0 && !nextBook) {
                fill(s, intent.getIntentId(), i, new OrderRequest(l.getVenue(), l.getSide(), l.getQuantity(), Double.NaN), decision,
                        out, now);
            } else {
                long due = decision + Math.max(latencyUs, nextBook ? 1 : 0);
                s.pending.add(new PendingOrders.Pending(intent.getIntentId(), i, l.getVenue(), l.getSide(), l.getQuantity(),
                        decision, due));
            }
        }
    }

    private void fillDue(EngineState s, int venue, long ts, EngineOutput out) {
        List<PendingOrders.Pending> due = s.pending.takeDue(s.board.venue(venue), ts);
        for (int i = 0; i < due.size(); i++) {
            PendingOrders.Pending p = due.get(i);
            fill(s, p.intentId(), p.legIndex(), new OrderRequest(p.venue(), p.side(), p.quantity(), Double.NaN), p.intentEventTsUs(),
                    out, ts);
        }
    }

    @SuppressWarnings("unchecked")
    private void fill(EngineState s, String intentId, int legIndex, OrderRequest order, long intentTsUs, EngineOutput out, long now) {
        int v = s.board.indexOf(order.venue());
        Fill f = fillModel.fill(order, v < 0 ? null : s.board.quote(v));
        Long bookTs = v < 0 || !s.board.has(v) ? null : s.board.tsUs(v);
        FillReports.Leg leg = new FillReports.Leg(intentId, s.instrument, legIndex, order.venue(), order.side(), intentTsUs);
        List<ExecutionReport> reports = FillReports.of(leg, f, bookTs, "sim:" + intentId + "#" + legIndex);
        for (int i = 0; i < reports.size(); i++) {
            ExecutionReport r = reports.get(i);
            out.execution(r);
            emit(s, machine.onReport(s.book, s.ledger, s.instrument, r, now), out, now);
            strategy.onExecution(s.strategyState, r);
        }
    }
}

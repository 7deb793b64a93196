package io.spreadflow.engine.signal;

import io.spreadflow.engine.accounting.Ledger;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.engine.strategy.PositionSize;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The per-position signal state machine of DESIGN §4, FLAT → ENTERING → OPEN → EXITING → FLAT, kept in
 * a {@link PositionBook}: the transitions the strategy's actions and the execution reports cause. Its
 * parts decide the rest: {@link RiskGate} which entries are allowed, {@link OrderTickets} the intents,
 * {@link ExitDecisions} what a strategy's exit becomes, {@link FillBooking} what a report books,
 * {@link LegTimeouts} when a leg is given up, {@link LegRepair} what becomes of a position whose legs
 * filled unevenly, {@link ExitSettlement} when an exit is done or retried, {@link PositionClose} what
 * closing a flat position books, {@link TradeTape} the trades and their order, {@link FundingBooking}
 * the funding, and {@link SignalRecords} the signal of every step.
 *
 * <p>Each call returns what it decided as an {@link Outcome}: the machine never calls back into the
 * engine in the middle of a call.
 *
 * <p>Every position that held something yields one {@link Trade}. A position the framework unwound
 * (a failed leg) without the strategy closing it yields a trade with reason {@link #UNWIND}: at once
 * for a strategy that follows {@code PositionView}, which sees it gone; for one that keeps its own
 * book ({@code SignalStrategy#keepsOwnPositions()}) the trade waits for the strategy's own exit, which
 * then carries the strategy's row, and is booked as {@code UNWIND} when that exit can no longer come
 * (end of input, or too many unwound positions waiting).
 *
 * <p>Stateless itself: one machine serves every instrument of an engine.
 */
public final class SignalMachine {

    /** Exit attempts in a row that fill nothing before the instrument halts (see {@link ExitSettlement}). */
    public static final int MAX_EXIT_ATTEMPTS = ExitSettlement.MAX_ATTEMPTS;

    /** Exit reason of the trade of a position the framework unwound and the strategy never closed. */
    public static final String UNWIND = "UNWIND";

    private final String strategyId;
    private final long runEpoch;
    private final SignalRecords records;
    private final RiskGate risk;
    private final OrderTickets tickets;
    private final FillBooking fills;
    private final LegRepair repair;
    private final ExitDecisions exits;
    private final PositionClose closing;
    private final TradeTape tape;
    private final FundingBooking funding;

    /** A machine for a strategy that follows {@code PositionView}: unwound positions are traded at once. */
    public SignalMachine(StrategyConfig config) {
        this(config, false);
    }

    /**
     * @param awaitStrategyExit the strategy keeps its own book of positions: the trade of a position the
     *                          framework unwound waits for the strategy's exit
     */
    public SignalMachine(StrategyConfig config, boolean awaitStrategyExit) {
        this.strategyId = config.strategyId();
        this.runEpoch = config.execution().runEpoch();
        this.records = new SignalRecords(strategyId);
        this.risk = new RiskGate(config.risk());
        this.tickets = new OrderTickets(strategyId, new LegTimeouts(RiskGate.micros(config.execution().legTimeout())));
        this.fills = new FillBooking(records);
        this.tape = new TradeTape(strategyId, awaitStrategyExit);
        this.repair = new LegRepair(config.execution().onLegFailure(), records, tickets);
        this.closing = new PositionClose(records, risk, tape, new ExitSettlement(records, tickets, tape));
        this.exits = new ExitDecisions(records, tickets, tape, closing);
        this.funding = new FundingBooking(records);
    }

    // ------------------------------------------------------------------ entries

    /** Why the risk limits refuse a new entry of {@code notional}, or {@code null} when they allow it. */
    public String refuseEntry(PositionBook b, double notional, long rowTsUs) {
        return risk.refuseEntry(b, notional, rowTsUs);
    }

    /** A refused or ignored action, recorded as a HOLD signal. */
    public Outcome refuse(PositionBook b, String instrument, Decision.Action a, String reason, long rowTsUs, double spread,
                          Map<String, Double> values) {
        Outcome.Builder out = new Outcome.Builder();
        refuse(b, instrument, a, reason, rowTsUs, spread, values, out);
        return out.build();
    }

    private void refuse(PositionBook b, String instrument, Decision.Action a, String reason, long rowTsUs, double spread,
                        Map<String, Double> values, Outcome.Builder out) {
        out.signal(records.refusal(b, instrument, a, reason, rowTsUs, spread, values));
    }

    /**
     * Opens a position for an ENTER or ROUND_TRIP action whose risk check passed: registers it, then
     * sends its entry intent.
     */
    public Outcome enter(PositionBook b, String instrument, Decision.Action a, PositionSize size, long rowTsUs,
                         long decisionTsUs, double spread, Map<String, Double> values) {
        Outcome.Builder out = new Outcome.Builder();
        if (b.positions.containsKey(a.positionId())) {
            refuse(b, instrument, a, "DUPLICATE_POSITION_ID", rowTsUs, spread, values, out);
            return out.build();
        }
        int n = a.legs().size();
        String[] venues = new String[n];
        Side[] sides = new Side[n];
        double[] qty = new double[n];
        for (int i = 0; i < n; i++) {
            venues[i] = a.legs().get(i).venue();
            sides[i] = a.legs().get(i).side();
            qty[i] = size.baseQuantity();
        }
        PositionRecord p = new PositionRecord(a.positionId(), a.kind(), rowTsUs, spread, a.reason(), venues, sides,
                size.baseQuantity(), BigDecimal.valueOf(size.quoteNotional()));
        // the strategy reuses the id of a position it never exited: that one's trade can go now
        PositionBook.Ghost reused = b.ghosts.remove(p.id);
        if (reused != null) tape.unwound(b, instrument, p.id, reused, out);
        p.state = PositionState.ENTERING;
        if (a.kind() == Decision.Kind.ROUND_TRIP) {
            p.exitRowTsUs = rowTsUs;
            p.exitReason = a.reason();
            p.tradeRow = a.tradeRow();
            p.strategyClose = true;
            tape.closeDecided(b, p.id);
        }
        b.positions.put(p.id, p);
        b.lastEntryRowTsUs = rowTsUs;
        b.changed();
        out.signal(records.record(b, instrument, rowTsUs, SignalKind.ENTER, PositionState.FLAT, PositionState.ENTERING,
                a.reason(), p.id, spread, values));
        tickets.send(b, instrument, p, IntentPurpose.ENTRY, a.reason(), venues, sides, qty, decisionTsUs, false, out);
        return out.build();
    }

    // ------------------------------------------------------------------ exits

    /** Closes a position the strategy wants out of. */
    public Outcome exit(PositionBook b, String instrument, Decision.Action a, long rowTsUs, long decisionTsUs, double spread,
                        Map<String, Double> values) {
        Outcome.Builder out = new Outcome.Builder();
        exits.decide(b, instrument, a, rowTsUs, decisionTsUs, spread, values, out);
        return out.build();
    }

    // ------------------------------------------------------------------ reports and time

    /**
     * Applies an execution report (cumulative per leg). A report that tells nothing new about its leg —
     * the same (intentId, legIndex) again, as an at-least-once transport or a replay after a restart
     * delivers it — is dropped, also after the leg's position closed. Reports for intents this book does
     * not know are answered with an OTHER signal and otherwise ignored.
     *
     * @return what the report caused; {@link Outcome#applied()} tells whether it changed its leg (false:
     *         dropped as a repeat, unknown, or not an outcome yet)
     */
    public Outcome onReport(PositionBook b, Ledger ledger, String instrument, ExecutionReport r, long nowTsUs) {
        Outcome.Builder out = new Outcome.Builder();
        return out.build(onReport(b, ledger, instrument, r, nowTsUs, out));
    }

    private boolean onReport(PositionBook b, Ledger ledger, String instrument, ExecutionReport r, long nowTsUs, Outcome.Builder out) {
        if (ServiceRefusal.isRefusal(r)) {
            // one signal per refused intent: its legs' reports carry the same reason
            Signal halted = halt(b, instrument, nowTsUs, ServiceRefusal.HALT_REASON + " " + r.getIntentId() + ": " + r.getReason(), Map.of());
            if (halted != null) out.signal(halted);
        }
        Long id = b.intentToPosition.get(r.getIntentId());
        PositionRecord p = id == null ? null : b.positions.get(id);
        LegRecord leg = p == null ? null : p.leg(r.getIntentId(), r.getLegIndex());
        if (leg == null) {
            Signal s = fills.unmatched(b, instrument, r, nowTsUs);
            if (s != null) out.signal(s);
            return false;
        }
        switch (fills.book(b, ledger, p, leg, r)) {
            case NOTHING -> {
                return false;
            }
            case PROGRESS -> {
                return true;
            }
            case LATE -> {
                // a late fill for a leg already given up: booked; the position is repaired
                if (!p.anyWorking()) resolve(b, instrument, p, nowTsUs, out);
                return true;
            }
            case DONE -> {
                ExecutionStatus st = r.getStatus();
                if (st != ExecutionStatus.FILLED) {
                    out.signal(records.transition(b, instrument, nowTsUs, SignalKind.TRANSITION, p.state, p.state,
                            "LEG_" + st + (r.getReason() == null ? "" : ": " + r.getReason()), p));
                }
                if (!p.anyWorking()) resolve(b, instrument, p, nowTsUs, out);
                LegTimeouts.recompute(b);
                return true;
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * The sequence of an intent id this machine made for {@code instrument} in the run epoch of book
     * {@code b}, or −1 when the id is not one of them (see {@link IntentId}).
     */
    public long sequenceOf(PositionBook b, String instrument, String intentId) {
        return IntentId.sequenceOf(intentId, instrument, strategyId, b.runEpoch);
    }

    /** A new, empty book whose intent ids carry this machine's run epoch. */
    public PositionBook newBook() {
        PositionBook b = new PositionBook();
        b.runEpoch = runEpoch;
        return b;
    }

    /**
     * Times out legs whose deadline passed at event time {@code nowTsUs}: their waiting orders are
     * withdrawn first, then each position that lost a leg is repaired, in entry order.
     */
    public Outcome onTime(PositionBook b, String instrument, long nowTsUs) {
        if (nowTsUs < b.nextDeadlineUs) return Outcome.NONE;
        Outcome.Builder out = new Outcome.Builder();
        for (PositionRecord p : LegTimeouts.expire(b, nowTsUs, out)) {
            out.signal(records.transition(b, instrument, nowTsUs, SignalKind.TRANSITION, p.state, p.state, "LEG_TIMEOUT", p));
            if (b.positions.containsKey(p.id) && !p.anyWorking()) resolve(b, instrument, p, nowTsUs, out);
        }
        LegTimeouts.recompute(b);
        return out.build();
    }

    /** All legs of {@code p} are done: its repair decides where the position goes, the machine follows. */
    private void resolve(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Outcome.Builder out) {
        while (true) {
            switch (repair.decide(b, instrument, p, nowTsUs, out)) {
                case NONE -> {
                    return;
                }
                case AGAIN -> {
                }
                case CLOSE -> {
                    closing.close(b, instrument, p, nowTsUs, out);
                    return;
                }
                case SETTLE -> {
                    closing.settle(b, instrument, p, nowTsUs, out);
                    return;
                }
                case START_PENDING_EXIT -> {
                    Decision.Action x = p.pendingExit;
                    p.pendingExit = null;
                    exits.start(b, instrument, p, x, p.pendingExitRowTsUs, nowTsUs, p.pendingExitSpread, x.values(), out);
                    return;
                }
            }
        }
    }

    /**
     * Halts the instrument for {@code reason} (a buffer of its state reached its bound): the risk gate
     * refuses new entries from now on, while open positions and working legs are still managed. The
     * HALT signal is said when the book halts, or halts for another reason than before.
     *
     * @return the HALT signal, or null when the book was already halted for {@code reason}
     */
    public Signal halt(PositionBook b, String instrument, long tsUs, String reason, Map<String, Double> values) {
        if (b.halted && reason.equals(b.haltReason)) return null;
        b.halted = true;
        b.haltReason = reason;
        b.changed();
        return records.record(b, instrument, tsUs, SignalKind.HALT, null, null, reason, null, Double.NaN, values);
    }

    /**
     * The signal that the instrument saw no tick for the idle time and lost its market state (quotes, bar,
     * indicators); what it holds — positions, legs, ledger, strategy state — is kept and counted here.
     */
    public Signal idle(PositionBook b, String instrument, long tsUs) {
        return records.record(b, instrument, tsUs, SignalKind.OTHER, null, null, "IDLE_MARKET_STATE_CLEARED", null, Double.NaN,
                java.util.Map.of("open_positions", (double) b.openCount(), "working_legs", b.hasWorkingLegs() ? 1.0 : 0.0));
    }

    /**
     * The input ended: unwound positions still awaiting the strategy's exit will not get it, and are
     * booked as {@link #UNWIND} trades in the order they went flat.
     */
    public Outcome onEndOfInput(PositionBook b, String instrument) {
        Outcome.Builder out = new Outcome.Builder();
        tape.unwindAll(b, instrument, out);
        return out.build();
    }

    // ------------------------------------------------------------------ funding

    /** Books one funding event of perpetual {@code venue} on every position holding it (see {@link FundingBooking}). */
    public Outcome applyFunding(PositionBook b, Ledger ledger, String instrument, String venue, long fundingTsUs,
                                BigDecimal rate, BigDecimal mark) {
        Outcome.Builder out = new Outcome.Builder();
        funding.apply(b, ledger, instrument, venue, fundingTsUs, rate, mark, out);
        return out.build();
    }
}

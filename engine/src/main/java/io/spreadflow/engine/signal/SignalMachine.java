package io.spreadflow.engine.signal;

import io.spreadflow.engine.accounting.Ledger;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.engine.strategy.PositionSize;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The per-position signal state machine of DESIGN §4, FLAT → ENTERING → OPEN → EXITING → FLAT, kept in
 * a {@link PositionBook}: the transitions the strategy's actions and the execution reports cause. Its
 * parts decide the rest: {@link RiskGate} which entries are allowed, {@link OrderTickets} the intents,
 * {@link FillBooking} what a report books, {@link LegTimeouts} when a leg is given up, {@link LegRepair}
 * what becomes of a position whose legs filled unevenly, {@link ExitSettlement} when an exit is done or
 * retried, {@link TradeTape} the trades and their order, {@link FundingBooking} the funding, and
 * {@link SignalRecords} the signal of every step.
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

    /** Where the machine's orders and events go. */
    public interface Port {
        /**
         * An intent to execute. {@code nextBook}: fill no earlier than the next book of each leg's venue
         * (repairs and retries, so that an empty touch is not hit again at once).
         */
        void send(OrderIntent intent, boolean nextBook);

        void signal(Signal signal);

        void trade(Trade trade);
    }

    /** Exit attempts in a row that fill nothing before the instrument halts (see {@link ExitSettlement}). */
    public static final int MAX_EXIT_ATTEMPTS = ExitSettlement.MAX_ATTEMPTS;

    /** Exit reason of the trade of a position the framework unwound and the strategy never closed. */
    public static final String UNWIND = "UNWIND";

    private final String strategyId;
    private final SignalRecords records;
    private final RiskGate risk;
    private final OrderTickets tickets;
    private final FillBooking fills;
    private final LegRepair repair;
    private final ExitSettlement exits;
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
        this.records = new SignalRecords(strategyId);
        this.risk = new RiskGate(config.risk());
        this.tickets = new OrderTickets(strategyId, new LegTimeouts(RiskGate.micros(config.execution().legTimeout())));
        this.fills = new FillBooking(records);
        this.tape = new TradeTape(strategyId, awaitStrategyExit);
        this.repair = new LegRepair(config.execution().onLegFailure(), records, tickets);
        this.exits = new ExitSettlement(records, tickets, tape);
        this.funding = new FundingBooking(records);
    }

    // ------------------------------------------------------------------ entries

    /** Why the risk limits refuse a new entry of {@code notional}, or {@code null} when they allow it. */
    public String refuseEntry(PositionBook b, double notional, long rowTsUs) {
        return risk.refuseEntry(b, notional, rowTsUs);
    }

    /** A refused or ignored action, recorded as a HOLD signal. */
    public void refuse(PositionBook b, String instrument, Decision.Action a, String reason, long rowTsUs, double spread,
                       Map<String, Double> values, Port port) {
        port.signal(records.record(b, instrument, rowTsUs, SignalKind.HOLD, null, null,
                a.kind() + "_REFUSED_" + reason, a.positionId(), spread, values));
    }

    /**
     * Opens a position for an ENTER or ROUND_TRIP action whose risk check passed: registers it, then
     * sends its entry intent.
     */
    public void enter(PositionBook b, String instrument, Decision.Action a, PositionSize size, long rowTsUs,
                      long decisionTsUs, double spread, Map<String, Double> values, Port port) {
        if (b.positions.containsKey(a.positionId())) {
            refuse(b, instrument, a, "DUPLICATE_POSITION_ID", rowTsUs, spread, values, port);
            return;
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
        if (reused != null) tape.unwound(b, instrument, p.id, reused, port);
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
        port.signal(records.record(b, instrument, rowTsUs, SignalKind.ENTER, PositionState.FLAT, PositionState.ENTERING,
                a.reason(), p.id, spread, values));
        tickets.send(b, instrument, p, IntentPurpose.ENTRY, a.reason(), venues, sides, qty, decisionTsUs, false, port);
    }

    // ------------------------------------------------------------------ exits

    /** Closes a position the strategy wants out of. */
    public void exit(PositionBook b, String instrument, Decision.Action a, long rowTsUs, long decisionTsUs, double spread,
                     Map<String, Double> values, Port port) {
        PositionRecord p = b.positions.get(a.positionId());
        if (p == null) {
            PositionBook.Ghost g = b.ghosts.remove(a.positionId());
            if (g == null) {
                refuse(b, instrument, a, "NO_SUCH_POSITION", rowTsUs, spread, values, port);
                return;
            }
            port.signal(records.record(b, instrument, rowTsUs, SignalKind.EXIT, PositionState.FLAT, PositionState.FLAT,
                    a.reason() + "_ALREADY_FLAT", a.positionId(), spread, values));
            tape.exitedWhenFlat(b, instrument, a, g, rowTsUs, port);
            return;
        }
        if (p.kind == Decision.Kind.ROUND_TRIP) {
            refuse(b, instrument, a, "NO_SUCH_POSITION", rowTsUs, spread, values, port);
            return;
        }
        if (p.strategyClose || p.pendingExit != null) {
            refuse(b, instrument, a, "ALREADY_EXITING", rowTsUs, spread, values, port);
            return;
        }
        tape.closeDecided(b, p.id);
        if (p.state == PositionState.ENTERING) {
            // the entry is still filling: remember the exit and send it once the position is open
            p.pendingExit = a;
            p.pendingExitRowTsUs = rowTsUs;
            p.pendingExitSpread = spread;
            port.signal(records.record(b, instrument, rowTsUs, SignalKind.EXIT, PositionState.ENTERING, PositionState.ENTERING,
                    a.reason() + "_AFTER_ENTRY", p.id, spread, values));
            return;
        }
        startExit(b, instrument, p, a, rowTsUs, decisionTsUs, spread, values, port);
    }

    private void startExit(PositionBook b, String instrument, PositionRecord p, Decision.Action a, long rowTsUs,
                           long decisionTsUs, double spread, Map<String, Double> values, Port port) {
        p.exitRowTsUs = rowTsUs;
        p.exitReason = a.reason();
        p.tradeRow = a.tradeRow();
        p.strategyClose = true;
        PositionState from = p.state;
        p.state = PositionState.EXITING;
        ExitSettlement.begin(p);
        b.changed();
        port.signal(records.record(b, instrument, rowTsUs, SignalKind.EXIT, from, PositionState.EXITING, a.reason(), p.id, spread,
                values));
        List<String> venues = new ArrayList<>();
        for (Decision.Leg l : a.legs()) if (!venues.contains(l.venue())) venues.add(l.venue());
        // venues the strategy forgot still get closed: the framework never leaves exposure behind
        for (String v : p.entryVenues) if (!venues.contains(v)) venues.add(v);
        if (!tickets.flatten(b, instrument, p, IntentPurpose.EXIT, a.reason(), venues, decisionTsUs, false, port)) {
            settle(b, instrument, p, decisionTsUs, port);
        }
    }

    // ------------------------------------------------------------------ reports and time

    /**
     * Applies an execution report (cumulative per leg). A report that tells nothing new about its leg —
     * the same (intentId, legIndex) again, as an at-least-once transport or a replay after a restart
     * delivers it — is dropped, also after the leg's position closed. Reports for intents this book does
     * not know are answered with an OTHER signal and otherwise ignored.
     *
     * @return whether the report was applied (false: dropped as a repeat, unknown, or not an outcome)
     */
    public boolean onReport(PositionBook b, Ledger ledger, String instrument, ExecutionReport r, long nowTsUs, Port port) {
        Long id = b.intentToPosition.get(r.getIntentId());
        PositionRecord p = id == null ? null : b.positions.get(id);
        LegRecord leg = p == null ? null : p.leg(r.getIntentId(), r.getLegIndex());
        if (leg == null) {
            Signal s = fills.unmatched(b, instrument, r, nowTsUs);
            if (s != null) port.signal(s);
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
                if (!p.anyWorking()) resolve(b, instrument, p, nowTsUs, port);
                return true;
            }
            case DONE -> {
                ExecutionStatus st = r.getStatus();
                if (st != ExecutionStatus.FILLED) {
                    port.signal(records.transition(b, instrument, nowTsUs, SignalKind.TRANSITION, p.state, p.state,
                            "LEG_" + st + (r.getReason() == null ? "" : ": " + r.getReason()), p));
                }
                if (!p.anyWorking()) resolve(b, instrument, p, nowTsUs, port);
                LegTimeouts.recompute(b);
                return true;
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * The sequence of an intent id this machine made for {@code instrument}, or −1 when the id is not
     * one of them (see {@link IntentId}).
     */
    public long sequenceOf(String instrument, String intentId) {
        return IntentId.sequenceOf(intentId, instrument, strategyId);
    }

    /** Times out legs whose deadline passed at event time {@code nowTsUs}. */
    public void onTime(PositionBook b, String instrument, long nowTsUs, Port port, java.util.function.BiConsumer<String, Integer> cancel) {
        if (nowTsUs < b.nextDeadlineUs) return;
        for (PositionRecord p : LegTimeouts.expire(b, nowTsUs, cancel)) {
            port.signal(records.transition(b, instrument, nowTsUs, SignalKind.TRANSITION, p.state, p.state, "LEG_TIMEOUT", p));
            if (b.positions.containsKey(p.id) && !p.anyWorking()) resolve(b, instrument, p, nowTsUs, port);
        }
        LegTimeouts.recompute(b);
    }

    /** All legs of {@code p} are done: its repair decides where the position goes, the machine follows. */
    private void resolve(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Port port) {
        while (true) {
            switch (repair.decide(b, instrument, p, nowTsUs, port)) {
                case NONE -> {
                    return;
                }
                case AGAIN -> {
                }
                case CLOSE -> {
                    close(b, instrument, p, nowTsUs, port);
                    return;
                }
                case SETTLE -> {
                    settle(b, instrument, p, nowTsUs, port);
                    return;
                }
                case START_PENDING_EXIT -> {
                    Decision.Action x = p.pendingExit;
                    p.pendingExit = null;
                    startExit(b, instrument, p, x, p.pendingExitRowTsUs, nowTsUs, p.pendingExitSpread, x.values(), port);
                    return;
                }
            }
        }
    }

    private void settle(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Port port) {
        if (exits.settle(b, instrument, p, nowTsUs, port)) close(b, instrument, p, nowTsUs, port);
    }

    /** Removes a flat position, books its P&amp;L and its trade ({@link TradeTape#closed}), and applies the loss limit. */
    private void close(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Port port) {
        b.positions.remove(p.id);
        b.intentToPosition.values().removeIf(v -> v == p.id);
        for (LegRecord l : p.legs) b.settle(l.intentId, l.legIndex, l.filled);
        b.changed();
        b.realizedPnl = b.realizedPnl.add(p.bookedPnl());
        b.realizedFees = b.realizedFees.add(p.fees);
        tape.closed(b, instrument, p, nowTsUs, port);
        if (risk.lossLimitReached(b)) {
            b.halted = true;
            b.haltReason = "MAX_LOSS";
            port.signal(records.record(b, instrument, nowTsUs, SignalKind.HALT, null, null, "MAX_LOSS", p.id, Double.NaN,
                    Map.of("realized_pnl_quote", b.realizedPnl.doubleValue())));
        }
        LegTimeouts.recompute(b);
    }

    /**
     * The input ended: unwound positions still awaiting the strategy's exit will not get it, and are
     * booked as {@link #UNWIND} trades in the order they went flat.
     */
    public void onEndOfInput(PositionBook b, String instrument, Port port) {
        tape.unwindAll(b, instrument, port);
    }

    // ------------------------------------------------------------------ funding

    /** Books one funding event of perpetual {@code venue} on every position holding it (see {@link FundingBooking}). */
    public void applyFunding(PositionBook b, Ledger ledger, String instrument, String venue, long fundingTsUs,
                             BigDecimal rate, BigDecimal mark, Port port) {
        funding.apply(b, ledger, instrument, venue, fundingTsUs, rate, mark, port);
    }
}

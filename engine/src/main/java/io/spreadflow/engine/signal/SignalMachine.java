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
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.Signal;
import io.spreadflow.schemas.SignalKind;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-position signal state machine of DESIGN §4, FLAT → ENTERING → OPEN → EXITING → FLAT, kept in
 * a {@link PositionBook}. It sends the orders for the strategy's actions, applies execution reports
 * (partial fills, rejections), times legs out in event time, repairs a position whose legs filled
 * unevenly (unwind to the smallest filled leg, or complete the missing quantity once, as configured),
 * enforces the per-instrument risk limits and emits every step as a {@link Signal}.
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

    /**
     * Exit attempts in a row that fill nothing before the instrument halts. An attempt that fills part of
     * what is left is progress, not a failure: a thin book may take many slices to close a position.
     */
    public static final int MAX_EXIT_ATTEMPTS = 50;

    /** Exit reason of the trade of a position the framework unwound and the strategy never closed. */
    public static final String UNWIND = "UNWIND";

    private final String strategyId;
    private final long legTimeoutUs;
    private final StrategyConfig.LegFailurePolicy policy;
    private final StrategyConfig.RiskLimits risk;
    private final long cooldownUs;
    private final boolean awaitStrategyExit;

    /** A machine for a strategy that follows {@code PositionView}: unwound positions are traded at once. */
    public SignalMachine(StrategyConfig config) {
        this(config, false);
    }

    /**
     * @param awaitStrategyExit the strategy keeps its own book of positions: the trade of a position the
     *                          framework unwound waits for the strategy's exit
     */
    public SignalMachine(StrategyConfig config, boolean awaitStrategyExit) {
        this.awaitStrategyExit = awaitStrategyExit;
        this.strategyId = config.strategyId();
        this.legTimeoutUs = toMicros(config.execution().legTimeout());
        this.policy = config.execution().onLegFailure();
        this.risk = config.risk();
        this.cooldownUs = toMicros(risk.entryCooldown());
    }

    private static long toMicros(java.time.Duration d) {
        return Math.multiplyExact(d.getSeconds(), 1_000_000L) + d.getNano() / 1_000;
    }

    // ------------------------------------------------------------------ entries

    /** Why the risk limits refuse a new entry of {@code notional}, or {@code null} when they allow it. */
    public String refuseEntry(PositionBook b, double notional, long rowTsUs) {
        if (b.halted) return "HALTED";
        if (cooldownUs > 0 && b.lastEntryRowTsUs != Long.MIN_VALUE && rowTsUs - b.lastEntryRowTsUs < cooldownUs) {
            return "COOLDOWN";
        }
        if (risk.maxOpenPositions() > 0 && b.positions.size() >= risk.maxOpenPositions()) return "MAX_OPEN_POSITIONS";
        if (risk.maxNotionalQuote().signum() > 0) {
            BigDecimal open = BigDecimal.ZERO;
            for (PositionRecord p : b.positions.values()) open = open.add(p.entryNotional);
            if (open.add(BigDecimal.valueOf(notional)).compareTo(risk.maxNotionalQuote()) > 0) return "MAX_NOTIONAL";
        }
        return null;
    }

    /** A refused or ignored action, recorded as a HOLD signal. */
    public void refuse(PositionBook b, String instrument, Decision.Action a, String reason, long rowTsUs, double spread,
                       Map<String, Double> values, Port port) {
        port.signal(signal(b, instrument, rowTsUs, SignalKind.HOLD, null, null,
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
        for (int i = 0; i < n; i++) {
            venues[i] = a.legs().get(i).venue();
            sides[i] = a.legs().get(i).side();
        }
        PositionRecord p = new PositionRecord(a.positionId(), a.kind(), rowTsUs, spread, a.reason(), venues, sides,
                size.baseQuantity(), BigDecimal.valueOf(size.quoteNotional()));
        // the strategy reuses the id of a position it never exited: that one's trade can go now
        PositionBook.Ghost reused = b.ghosts.remove(p.id);
        if (reused != null) unwound(b, instrument, p.id, reused, port);
        p.state = PositionState.ENTERING;
        if (a.kind() == Decision.Kind.ROUND_TRIP) {
            p.exitRowTsUs = rowTsUs;
            p.exitReason = a.reason();
            p.tradeRow = a.tradeRow();
            p.strategyClose = true;
            b.closeOrder.add(p.id);
        }
        b.positions.put(p.id, p);
        b.lastEntryRowTsUs = rowTsUs;
        b.changed();
        port.signal(signal(b, instrument, rowTsUs, SignalKind.ENTER, PositionState.FLAT, PositionState.ENTERING,
                a.reason(), p.id, spread, values));
        sendLegs(b, instrument, p, IntentPurpose.ENTRY, a.reason(), venues, sides, qtys(n, size.baseQuantity()),
                decisionTsUs, false, port);
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
            // the position's entry failed or was unwound before the strategy let go of it: its trade
            // carries the strategy's row and whatever the attempt booked
            port.signal(signal(b, instrument, rowTsUs, SignalKind.EXIT, PositionState.FLAT, PositionState.FLAT,
                    a.reason() + "_ALREADY_FLAT", a.positionId(), spread, values));
            b.closeOrder.add(a.positionId());
            finish(b, port, a.positionId(), trade(instrument, a.positionId(), g.entryRowTsUs(), rowTsUs, a.reason(),
                    a.tradeRow(), g.pnl(), g.fees(), g.notional(), g.funding()));
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
        b.closeOrder.add(p.id);
        if (p.state == PositionState.ENTERING) {
            // the entry is still filling: remember the exit and send it once the position is open
            p.pendingExit = a;
            p.pendingExitRowTsUs = rowTsUs;
            p.pendingExitSpread = spread;
            port.signal(signal(b, instrument, rowTsUs, SignalKind.EXIT, PositionState.ENTERING, PositionState.ENTERING,
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
        p.exitLeft = exposure(p);
        b.changed();
        port.signal(signal(b, instrument, rowTsUs, SignalKind.EXIT, from, PositionState.EXITING, a.reason(), p.id, spread, values));
        List<String> venues = new ArrayList<>();
        if (a.legs().isEmpty()) {
            for (String v : p.entryVenues) if (!venues.contains(v)) venues.add(v);
        } else {
            for (Decision.Leg l : a.legs()) if (!venues.contains(l.venue())) venues.add(l.venue());
            // venues the strategy forgot still get closed: the framework never leaves exposure behind
            for (String v : p.entryVenues) if (!venues.contains(v)) venues.add(v);
        }
        if (!sendFlatten(b, instrument, p, IntentPurpose.EXIT, a.reason(), venues, decisionTsUs, false, port)) {
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
            Double settled = b.settledLeg(r.getIntentId(), r.getLegIndex());
            if (settled == null) {
                port.signal(signal(b, instrument, nowTsUs, SignalKind.OTHER, null, null,
                        "UNKNOWN_EXECUTION " + r.getIntentId() + "#" + r.getLegIndex(), null, Double.NaN, Map.of()));
            } else if (r.getFilledQty() > settled) {
                // more filled than the position was closed with: exposure the framework no longer tracks
                port.signal(signal(b, instrument, nowTsUs, SignalKind.OTHER, null, null,
                        "FILL_AFTER_CLOSE " + r.getIntentId() + "#" + r.getLegIndex() + " filled " + r.getFilledQty()
                                + ", closed with " + settled, null, Double.NaN, Map.of()));
            }
            return false;
        }
        ExecutionStatus st = r.getStatus();
        if (st == ExecutionStatus.ACCEPTED || st == ExecutionStatus.UNKNOWN) return false;
        double cum = r.getFilledQty();
        boolean outcome = st != ExecutionStatus.PARTIALLY_FILLED;
        if (!(cum > leg.filled) && (leg.reported || !outcome)) return false;
        if (outcome) leg.reported = true;
        if (cum > leg.filled && r.getAvgPrice() != null) {
            BigDecimal cumNotional = BigDecimal.valueOf(cum).multiply(BigDecimal.valueOf(r.getAvgPrice()));
            BigDecimal cumFee = BigDecimal.valueOf(r.getFee());
            BigDecimal dQty = BigDecimal.valueOf(cum).subtract(BigDecimal.valueOf(leg.filled));
            BigDecimal dNotional = cumNotional.subtract(leg.notional);
            BigDecimal dFee = cumFee.subtract(leg.fee);
            ledger.book(leg.venue, leg.side, dQty, dNotional, dFee);
            p.cash = leg.side == Side.BUY ? p.cash.subtract(dNotional) : p.cash.add(dNotional);
            p.fees = p.fees.add(dFee);
            leg.filled = cum;
            leg.notional = cumNotional;
            leg.fee = cumFee;
            b.changed();
        }
        if (!leg.working()) {
            // a late fill for a leg already given up: booked above; the position is repaired below
            if (!p.anyWorking()) resolve(b, instrument, p, nowTsUs, port);
            return true;
        }
        switch (st) {
            case FILLED -> leg.status = LegRecord.Status.FILLED;
            case REJECTED -> leg.status = leg.filled > 0 ? LegRecord.Status.PARTIAL_DONE : LegRecord.Status.REJECTED;
            case CANCELED -> leg.status = leg.filled > 0 ? LegRecord.Status.PARTIAL_DONE : LegRecord.Status.REJECTED;
            default -> { return true; }
        }
        if (st != ExecutionStatus.FILLED) {
            port.signal(signal(b, instrument, nowTsUs, SignalKind.TRANSITION, p.state, p.state,
                    "LEG_" + st + (r.getReason() == null ? "" : ": " + r.getReason()), p.id, Double.NaN, Map.of()));
        }
        if (!p.anyWorking()) resolve(b, instrument, p, nowTsUs, port);
        recomputeDeadline(b);
        return true;
    }

    /**
     * The sequence of an intent id this machine made for {@code instrument} ({@code instrument|strategy|seq}),
     * or −1 when the id is not one of them.
     */
    public long sequenceOf(String instrument, String intentId) {
        int n = instrument.length();
        int m = strategyId.length();
        if (intentId.length() <= n + m + 2 || !intentId.startsWith(instrument) || intentId.charAt(n) != '|'
                || !intentId.startsWith(strategyId, n + 1) || intentId.charAt(n + 1 + m) != '|') {
            return -1;
        }
        try {
            return Long.parseLong(intentId, n + m + 2, intentId.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Times out legs whose deadline passed at event time {@code nowTsUs}. */
    public void onTime(PositionBook b, String instrument, long nowTsUs, Port port, java.util.function.BiConsumer<String, Integer> cancel) {
        if (nowTsUs < b.nextDeadlineUs) return;
        List<PositionRecord> touched = new ArrayList<>();
        for (PositionRecord p : b.positions.values()) {
            boolean any = false;
            for (LegRecord l : p.legs) {
                if (l.working() && l.deadlineUs <= nowTsUs) {
                    l.status = LegRecord.Status.TIMED_OUT;
                    cancel.accept(l.intentId, l.legIndex);
                    any = true;
                }
            }
            if (any) touched.add(p);
        }
        for (PositionRecord p : touched) {
            port.signal(signal(b, instrument, nowTsUs, SignalKind.TRANSITION, p.state, p.state, "LEG_TIMEOUT", p.id,
                    Double.NaN, Map.of()));
            if (b.positions.containsKey(p.id) && !p.anyWorking()) resolve(b, instrument, p, nowTsUs, port);
        }
        recomputeDeadline(b);
    }

    /** All legs of {@code p} are done: decide where the position goes. */
    private void resolve(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Port port) {
        if (p.state == PositionState.EXITING) {
            settle(b, instrument, p, nowTsUs, port);
            return;
        }
        if (p.state != PositionState.ENTERING && p.state != PositionState.OPEN) return;
        int n = p.entryVenues.length;
        double eps = eps(p.initialTarget);
        boolean allAtTarget = true;
        boolean allZero = true;
        double min = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double a = p.achieved(i);
            if (Math.abs(a - p.target) > eps) allAtTarget = false;
            if (Math.abs(a) > eps) allZero = false;
            min = Math.min(min, a);
        }
        if (allAtTarget) {
            if (p.state == PositionState.OPEN) return;
            if (p.kind == Decision.Kind.ROUND_TRIP) {
                p.state = PositionState.FLAT;
                port.signal(signal(b, instrument, nowTsUs, SignalKind.TRANSITION, PositionState.ENTERING,
                        PositionState.FLAT, "FILLED", p.id, Double.NaN, pnlValues(p)));
                close(b, instrument, p, nowTsUs, port, true);
                return;
            }
            p.state = PositionState.OPEN;
            b.changed();
            port.signal(signal(b, instrument, nowTsUs, SignalKind.TRANSITION, PositionState.ENTERING, PositionState.OPEN,
                    "FILLED", p.id, Double.NaN, Map.of()));
            if (p.pendingExit != null) {
                Decision.Action x = p.pendingExit;
                p.pendingExit = null;
                startExit(b, instrument, p, x, p.pendingExitRowTsUs, nowTsUs, p.pendingExitSpread, x.values(), port);
            }
            return;
        }
        if (allZero && p.state == PositionState.ENTERING) {
            p.state = PositionState.FLAT;
            port.signal(signal(b, instrument, nowTsUs, SignalKind.TRANSITION, PositionState.ENTERING, PositionState.FLAT,
                    "ENTRY_FAILED", p.id, Double.NaN, Map.of()));
            close(b, instrument, p, nowTsUs, port, p.strategyClose);
            return;
        }
        PositionState from = p.state;
        if (policy == StrategyConfig.LegFailurePolicy.COMPLETE && !p.completeTried) {
            p.completeTried = true;
            p.state = PositionState.ENTERING;
            b.changed();
            port.signal(signal(b, instrument, nowTsUs, SignalKind.HEDGE, from, PositionState.ENTERING, "COMPLETE", p.id,
                    Double.NaN, Map.of()));
            double[] q = new double[n];
            Side[] sides = new Side[n];
            for (int i = 0; i < n; i++) {
                double d = p.target - p.achieved(i);
                q[i] = Math.abs(d) > eps ? Math.abs(d) : 0;
                sides[i] = d > 0 ? p.entrySides[i] : opposite(p.entrySides[i]);
            }
            sendLegs(b, instrument, p, IntentPurpose.HEDGE, "COMPLETE", p.entryVenues, sides, q, nowTsUs, true, port);
            return;
        }
        // unwind: trim every leg to the smallest filled one; nothing left means the position is flat
        double keep = Math.max(0, min);
        boolean flat = keep <= eps;
        p.target = flat ? 0 : keep;
        p.state = flat ? PositionState.EXITING : PositionState.ENTERING;
        if (flat) p.exitLeft = exposure(p);
        b.changed();
        port.signal(signal(b, instrument, nowTsUs, SignalKind.HEDGE, from, p.state, flat ? "UNWIND" : "UNWIND_TO_SMALLEST_LEG",
                p.id, Double.NaN, Map.of()));
        double[] q = new double[n];
        Side[] sides = new Side[n];
        for (int i = 0; i < n; i++) {
            double d = p.achieved(i) - p.target;
            q[i] = Math.abs(d) > eps ? Math.abs(d) : 0;
            sides[i] = d > 0 ? opposite(p.entrySides[i]) : p.entrySides[i];
        }
        if (!sendLegs(b, instrument, p, IntentPurpose.HEDGE, "UNWIND", p.entryVenues, sides, q, nowTsUs, true, port)) {
            resolve(b, instrument, p, nowTsUs, port);
        }
    }

    /** An exiting position whose orders are done: flat, or send the rest again. */
    private void settle(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Port port) {
        List<String> venues = new ArrayList<>();
        for (String v : p.entryVenues) if (!venues.contains(v)) venues.add(v);
        double eps = eps(p.initialTarget);
        boolean flat = true;
        for (String v : venues) if (Math.abs(p.net(v)) > eps) flat = false;
        if (flat) {
            p.state = PositionState.FLAT;
            port.signal(signal(b, instrument, nowTsUs, SignalKind.TRANSITION, PositionState.EXITING, PositionState.FLAT,
                    p.strategyClose ? "CLOSED" : "UNWOUND", p.id, Double.NaN, pnlValues(p)));
            close(b, instrument, p, nowTsUs, port, p.strategyClose);
            return;
        }
        double left = exposure(p);
        // only attempts that filled nothing count towards the halt; one that closed a slice starts the count anew
        p.exitAttempts = left < p.exitLeft - eps ? 0 : p.exitAttempts + 1;
        p.exitLeft = left;
        if (p.exitAttempts > MAX_EXIT_ATTEMPTS) {
            if (!b.halted) {
                b.halted = true;
                b.haltReason = "EXIT_FAILED";
                // its trade can no longer come: later trades must not wait for it
                b.closeOrder.remove(p.id);
                drain(b, port);
                port.signal(signal(b, instrument, nowTsUs, SignalKind.HALT, PositionState.EXITING, PositionState.EXITING,
                        "EXIT_FAILED", p.id, Double.NaN, Map.of()));
            }
            return;
        }
        port.signal(signal(b, instrument, nowTsUs, SignalKind.HEDGE, PositionState.EXITING, PositionState.EXITING,
                "EXIT_RETRY", p.id, Double.NaN, Map.of()));
        sendFlatten(b, instrument, p, IntentPurpose.HEDGE, "EXIT_RETRY", venues, nowTsUs, true, port);
    }

    /**
     * Removes a flat position and books its P&L. A position the strategy closed (or had already
     * decided to exit) yields its trade; one that went flat on its own (failed entry, unwind) is
     * remembered, so that the strategy's later exit still yields its trade. Applies the loss limit.
     */
    private void close(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Port port, boolean strategyClose) {
        b.positions.remove(p.id);
        b.intentToPosition.values().removeIf(v -> v == p.id);
        for (LegRecord l : p.legs) b.settle(l.intentId, l.legIndex, l.filled);
        b.changed();
        b.realizedPnl = b.realizedPnl.add(p.bookedPnl());
        b.realizedFees = b.realizedFees.add(p.fees);
        if (strategyClose) {
            finish(b, port, p.id, trade(instrument, p.id, p.entryRowTsUs, p.exitRowTsUs, p.exitReason, p.tradeRow,
                    p.bookedPnl(), p.fees, p.entryNotional, p.funding));
        } else if (p.pendingExit != null) {
            finish(b, port, p.id, trade(instrument, p.id, p.entryRowTsUs, p.pendingExitRowTsUs, p.pendingExit.reason(),
                    p.pendingExit.tradeRow(), p.bookedPnl(), p.fees, p.entryNotional, p.funding));
        } else if (awaitStrategyExit) {
            Map.Entry<Long, PositionBook.Ghost> forgotten = b.remember(p.id, new PositionBook.Ghost(p.entryRowTsUs, nowTsUs,
                    p.bookedPnl(), p.fees, p.entryNotional, p.funding, p.anyFilled()));
            if (forgotten != null) unwound(b, instrument, forgotten.getKey(), forgotten.getValue(), port);
        } else if (p.anyFilled()) {
            finish(b, port, p.id, trade(instrument, p.id, p.entryRowTsUs, nowTsUs, UNWIND, null, p.bookedPnl(), p.fees,
                    p.entryNotional, p.funding));
        }
        if (!b.halted && risk.maxLossQuote().signum() > 0 && b.realizedPnl.compareTo(risk.maxLossQuote().negate()) <= 0) {
            b.halted = true;
            b.haltReason = "MAX_LOSS";
            port.signal(signal(b, instrument, nowTsUs, SignalKind.HALT, null, null, "MAX_LOSS", p.id, Double.NaN,
                    Map.of("realized_pnl_quote", b.realizedPnl.doubleValue())));
        }
        recomputeDeadline(b);
    }

    /**
     * The input ended: unwound positions still awaiting the strategy's exit will not get it, and are
     * booked as {@link #UNWIND} trades in the order they went flat.
     */
    public void onEndOfInput(PositionBook b, String instrument, Port port) {
        if (b.ghosts.isEmpty()) return;
        List<Map.Entry<Long, PositionBook.Ghost>> left = new ArrayList<>(b.ghosts.entrySet());
        b.ghosts.clear();
        b.changed();
        for (Map.Entry<Long, PositionBook.Ghost> e : left) unwound(b, instrument, e.getKey(), e.getValue(), port);
    }

    private void unwound(PositionBook b, String instrument, long id, PositionBook.Ghost g, Port port) {
        if (!g.filled()) return;
        finish(b, port, id, trade(instrument, id, g.entryRowTsUs(), g.flatTsUs(), UNWIND, null, g.pnl(), g.fees(), g.notional(),
                g.funding()));
    }

    private Trade trade(String instrument, long id, long entryTsUs, long exitTsUs, String reason, Map<String, Object> row,
                        BigDecimal pnl, BigDecimal fees, BigDecimal notional, BigDecimal funding) {
        LinkedHashMap<String, Object> cols = new LinkedHashMap<>();
        if (row != null) {
            cols.putAll(row);
        } else {
            cols.put("position_id", id);
            cols.put("entry_time_us", entryTsUs);
            cols.put("exit_time_us", exitTsUs);
            cols.put("exit_reason", reason);
        }
        return new Trade(instrument, strategyId, entryTsUs, exitTsUs, cols, pnl, fees, notional, funding);
    }

    /**
     * A trade is complete. Trades go out in the order the strategy decided the closes, whatever order
     * their fills completed in, so a row that closes several positions reports them in its own order.
     */
    private static void finish(PositionBook b, Port port, long id, Trade t) {
        b.finishedTrades.put(id, t);
        if (!b.closeOrder.contains(id)) b.closeOrder.add(id);
        drain(b, port);
    }

    private static void drain(PositionBook b, Port port) {
        while (!b.closeOrder.isEmpty()) {
            Trade t = b.finishedTrades.remove(b.closeOrder.peekFirst());
            if (t == null) return;
            b.closeOrder.pollFirst();
            port.trade(t);
        }
    }

    // ------------------------------------------------------------------ funding

    /**
     * Books one funding event of perpetual {@code venue} on every position holding it: a position of
     * signed base quantity q receives −q × mark × rate (a long pays a positive rate, a short receives
     * it), into its cash flow (hence its trade's P&amp;L) and the ledger's balance of that venue.
     */
    public void applyFunding(PositionBook b, Ledger ledger, String instrument, String venue, long fundingTsUs,
                             BigDecimal rate, BigDecimal mark, Port port) {
        for (PositionRecord p : b.positions.values()) {
            double q = p.net(venue);
            if (Math.abs(q) <= eps(p.initialTarget)) continue;
            BigDecimal amount = BigDecimal.valueOf(q).multiply(mark).multiply(rate).negate();
            p.cash = p.cash.add(amount);
            p.funding = p.funding.add(amount);
            ledger.fund(venue, amount);
            b.changed();
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("funding_quote", amount.doubleValue());
            values.put("funding_rate", rate.doubleValue());
            values.put("mark_price", mark.doubleValue());
            values.put("quantity", q);
            port.signal(signal(b, instrument, fundingTsUs, SignalKind.OTHER, p.state, p.state, "FUNDING " + venue, p.id,
                    Double.NaN, values));
        }
    }

    // ------------------------------------------------------------------ orders

    /** Sends orders bringing the position's net on each venue to zero; false when nothing is left to send. */
    private boolean sendFlatten(PositionBook b, String instrument, PositionRecord p, IntentPurpose purpose, String reason,
                                List<String> venues, long decisionTsUs, boolean nextBook, Port port) {
        double eps = eps(p.initialTarget);
        String[] vs = venues.toArray(String[]::new);
        Side[] sides = new Side[vs.length];
        double[] q = new double[vs.length];
        for (int i = 0; i < vs.length; i++) {
            double net = p.net(vs[i]);
            q[i] = Math.abs(net) > eps ? Math.abs(net) : 0;
            sides[i] = net > 0 ? Side.SELL : Side.BUY;
        }
        return sendLegs(b, instrument, p, purpose, reason, vs, sides, q, decisionTsUs, nextBook, port);
    }

    private boolean sendLegs(PositionBook b, String instrument, PositionRecord p, IntentPurpose purpose, String reason,
                             String[] venues, Side[] sides, double[] qty, long decisionTsUs, boolean nextBook, Port port) {
        List<OrderLeg> legs = new ArrayList<>(venues.length);
        long seq = b.intentSequence + 1;
        String intentId = instrument + "|" + strategyId + "|" + seq;
        boolean reduce = purpose != IntentPurpose.ENTRY;
        List<LegRecord> records = new ArrayList<>(venues.length);
        for (int i = 0; i < venues.length; i++) {
            if (!(qty[i] > 0)) continue;
            int index = legs.size();
            legs.add(OrderLeg.newBuilder().setVenue(venues[i]).setSide(sides[i]).setQuantity(qty[i])
                    .setLimitPrice(null).setReduceOnly(reduce && purpose == IntentPurpose.EXIT).build());
            records.add(new LegRecord(intentId, index, purpose, venues[i], sides[i], qty[i],
                    satAdd(decisionTsUs, legTimeoutUs)));
        }
        if (legs.isEmpty()) return false;
        b.intentSequence = seq;
        p.legs.addAll(records);
        b.intentToPosition.put(intentId, p.id);
        b.nextDeadlineUs = Math.min(b.nextDeadlineUs, satAdd(decisionTsUs, legTimeoutUs));
        OrderIntent intent = OrderIntent.newBuilder()
                .setIntentId(intentId)
                .setInstrument(instrument)
                .setStrategyId(strategyId)
                .setSequence(seq)
                .setPurpose(purpose)
                .setLegs(legs)
                .setEventTsUs(decisionTsUs)
                .setReason(reason)
                .setPositionId(p.id)
                .build();
        port.send(intent, nextBook);
        return true;
    }

    private static double[] qtys(int n, double q) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, q);
        return a;
    }

    private static long satAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static Side opposite(Side s) {
        return s == Side.BUY ? Side.SELL : Side.BUY;
    }

    /** Base quantity still held over all venues of the position, long and short alike. */
    private static double exposure(PositionRecord p) {
        double left = 0;
        for (String v : p.venues()) left += Math.abs(p.net(v));
        return left;
    }

    private static double eps(double target) {
        return Math.abs(target) * 1e-9;
    }

    private static void recomputeDeadline(PositionBook b) {
        long d = Long.MAX_VALUE;
        for (PositionRecord p : b.positions.values()) {
            for (LegRecord l : p.legs) if (l.working() && l.deadlineUs < d) d = l.deadlineUs;
        }
        b.nextDeadlineUs = d;
    }

    private static Map<String, Double> pnlValues(PositionRecord p) {
        return Map.of("pnl_quote", p.bookedPnl().doubleValue(), "fees_quote", p.fees.doubleValue());
    }

    // ------------------------------------------------------------------ signals

    Signal signal(PositionBook b, String instrument, long tsUs, SignalKind kind, PositionState from, PositionState to,
                  String reason, Long positionId, double spread, Map<String, Double> values) {
        long seq = ++b.signalSequence;
        Map<String, Double> v = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getValue() != null && Double.isFinite(e.getValue())) v.put(e.getKey(), e.getValue());
        }
        return Signal.newBuilder()
                .setInstrument(instrument)
                .setStrategyId(strategyId)
                .setEventTsUs(tsUs)
                .setSequence(seq)
                .setKind(kind)
                .setFromState(from == null ? null : from.name())
                .setToState(to == null ? null : to.name())
                .setReason(reason)
                .setPositionId(positionId)
                .setSpreadPct(Double.isFinite(spread) ? spread : null)
                .setIndicators(v)
                .build();
    }
}

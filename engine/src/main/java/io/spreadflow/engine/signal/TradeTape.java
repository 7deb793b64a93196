package io.spreadflow.engine.signal;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.strategy.Decision;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the trades of one strategy and puts them out in the order the strategy decided the closes,
 * whatever order their fills completed in: a row that closes several positions reports them in its own
 * order. A trade carries the strategy's own row when it has one, else the framework's columns
 * (position id, times, reason).
 */
final class TradeTape {

    private final String strategyId;
    private final boolean awaitStrategyExit;

    /**
     * @param awaitStrategyExit the strategy keeps its own book of positions: a position the framework
     *                          unwound is traded on the strategy's own exit
     */
    TradeTape(String strategyId, boolean awaitStrategyExit) {
        this.strategyId = strategyId;
        this.awaitStrategyExit = awaitStrategyExit;
    }

    /**
     * Position {@code p} went flat. One the strategy closed (or had already decided to exit) yields its
     * trade; one that went flat on its own (failed entry, unwind) is remembered for a strategy that keeps
     * its own book, so that its later exit still yields the trade, and is an {@link SignalMachine#UNWIND}
     * trade at once otherwise (when anything of it filled).
     */
    void closed(PositionBook b, String instrument, PositionRecord p, long nowTsUs, Outcome.Builder out) {
        if (p.strategyClose) {
            finish(b, out, p.id, trade(instrument, p.id, p.entryRowTsUs, p.exitRowTsUs, p.exitReason, p.tradeRow,
                    p.bookedPnl(), p.fees, p.entryNotional, p.funding));
        } else if (p.pendingExit != null) {
            finish(b, out, p.id, trade(instrument, p.id, p.entryRowTsUs, p.pendingExitRowTsUs, p.pendingExit.reason(),
                    p.pendingExit.tradeRow(), p.bookedPnl(), p.fees, p.entryNotional, p.funding));
        } else if (awaitStrategyExit) {
            Map.Entry<Long, PositionBook.Ghost> forgotten = b.remember(p.id, new PositionBook.Ghost(p.entryRowTsUs, nowTsUs,
                    p.bookedPnl(), p.fees, p.entryNotional, p.funding, p.anyFilled()));
            if (forgotten != null) unwound(b, instrument, forgotten.getKey(), forgotten.getValue(), out);
        } else if (p.anyFilled()) {
            finish(b, out, p.id, trade(instrument, p.id, p.entryRowTsUs, nowTsUs, SignalMachine.UNWIND, null, p.bookedPnl(),
                    p.fees, p.entryNotional, p.funding));
        }
    }

    /**
     * The strategy exits position {@code exit.positionId()}, which went flat before it let go of it
     * (failed entry, unwind): the trade carries the strategy's row and whatever the attempt booked.
     */
    void exitedWhenFlat(PositionBook b, String instrument, Decision.Action exit, PositionBook.Ghost g, long rowTsUs,
                        Outcome.Builder out) {
        long id = exit.positionId();
        closeDecided(b, id);
        finish(b, out, id, trade(instrument, id, g.entryRowTsUs(), rowTsUs, exit.reason(), exit.tradeRow(), g.pnl(), g.fees(),
                g.notional(), g.funding()));
    }

    /** The trade of a position; {@code row} is the strategy's trade row, or null for the framework's columns. */
    Trade trade(String instrument, long id, long entryTsUs, long exitTsUs, String reason, Map<String, Object> row,
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

    /** The close of position {@code id} was decided now: its trade goes out after those decided before. */
    void closeDecided(PositionBook b, long id) {
        b.closeOrder.add(id);
    }

    /** Position {@code id}'s trade is complete: it goes out once every close decided before it did. */
    void finish(PositionBook b, Outcome.Builder out, long id, Trade t) {
        b.finishedTrades.put(id, t);
        if (!b.closeOrder.contains(id)) b.closeOrder.add(id);
        drain(b, out);
    }

    /** Position {@code id} will never yield its trade (its exit failed): later trades must not wait for it. */
    void abandon(PositionBook b, Outcome.Builder out, long id) {
        b.closeOrder.remove(id);
        drain(b, out);
    }

    /**
     * The trade of a position the framework unwound and the strategy never closed, with reason
     * {@link SignalMachine#UNWIND}; none when nothing of it ever filled.
     */
    void unwound(PositionBook b, String instrument, long id, PositionBook.Ghost g, Outcome.Builder out) {
        if (!g.filled()) return;
        finish(b, out, id, trade(instrument, id, g.entryRowTsUs(), g.flatTsUs(), SignalMachine.UNWIND, null, g.pnl(), g.fees(),
                g.notional(), g.funding()));
    }

    /** No strategy exit will come any more: every unwound position still waiting for one is traded, in the order it went flat. */
    void unwindAll(PositionBook b, String instrument, Outcome.Builder out) {
        if (b.ghosts.isEmpty()) return;
        List<Map.Entry<Long, PositionBook.Ghost>> left = new ArrayList<>(b.ghosts.entrySet());
        b.ghosts.clear();
        b.changed();
        for (Map.Entry<Long, PositionBook.Ghost> e : left) unwound(b, instrument, e.getKey(), e.getValue(), out);
    }

    private static void drain(PositionBook b, Outcome.Builder out) {
        while (!b.closeOrder.isEmpty()) {
            Trade t = b.finishedTrades.remove(b.closeOrder.peekFirst());
            if (t == null) return;
            b.closeOrder.pollFirst();
            out.trade(t);
        }
    }
}

package io.spreadflow.engine.signal;

import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.strategy.Decision;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.spreadflow.engine.signal.MachineFixtures.INSTRUMENT;
import static io.spreadflow.engine.signal.MachineFixtures.T0;
import static io.spreadflow.engine.signal.MachineFixtures.entryFilled;
import static io.spreadflow.engine.signal.MachineFixtures.position;
import static org.assertj.core.api.Assertions.assertThat;

class TradeTapeTest {

    private final TradeTape tape = new TradeTape("rdn", false);
    private final MachineFixtures.Decided decided = new MachineFixtures.Decided();

    private Trade trade(long id) {
        return tape.trade(INSTRUMENT, id, T0, T0 + id, "R" + id, null, BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.TEN, BigDecimal.ZERO);
    }

    @Test
    void tradesGoOutInTheOrderTheClosesWereDecided() {
        PositionBook b = new PositionBook();
        tape.closeDecided(b, 1);
        tape.closeDecided(b, 2);
        tape.closeDecided(b, 3);
        tape.finish(b, decided.out, 3, trade(3));
        tape.finish(b, decided.out, 2, trade(2));
        assertThat(decided.trades()).as("waiting for position 1").isEmpty();
        tape.finish(b, decided.out, 1, trade(1));
        assertThat(decided.trades()).extracting(t -> t.columns().get("position_id")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void anAbandonedCloseNoLongerHoldsLaterTrades() {
        PositionBook b = new PositionBook();
        tape.closeDecided(b, 1);
        tape.closeDecided(b, 2);
        tape.finish(b, decided.out, 2, trade(2));
        assertThat(decided.trades()).isEmpty();
        tape.abandon(b, decided.out, 1);
        assertThat(decided.trades()).extracting(t -> t.columns().get("position_id")).containsExactly(2L);
    }

    @Test
    void theStrategysRowReplacesTheFrameworkColumns() {
        Trade t = tape.trade(INSTRUMENT, 4, T0, T0 + 1, "X", Map.of("pnl_pct", 1.5), BigDecimal.ONE, BigDecimal.ZERO,
                BigDecimal.TEN, BigDecimal.ZERO);
        assertThat(t.columns()).containsExactly(Map.entry("pnl_pct", 1.5));
        assertThat(trade(4).columns()).containsOnlyKeys("position_id", "entry_time_us", "exit_time_us", "exit_reason");
    }

    @Test
    void aPositionUnwoundOnItsOwnIsAnUnwindTradeOnlyWhenSomethingFilled() {
        PositionBook b = new PositionBook();
        PositionRecord filled = position(b, 1, 10);
        entryFilled(b, filled, 10, 0);
        PositionRecord empty = position(b, 2, 10);
        tape.closed(b, INSTRUMENT, filled, T0 + 5, decided.out);
        tape.closed(b, INSTRUMENT, empty, T0 + 6, decided.out);
        assertThat(decided.trades()).singleElement().satisfies(t -> {
            assertThat(t.columns()).containsEntry("exit_reason", SignalMachine.UNWIND).containsEntry("exit_time_us", T0 + 5);
        });
    }

    @Test
    void aStrategyWithItsOwnBookGetsTheUnwoundPositionsTradeOnItsExit() {
        TradeTape awaiting = new TradeTape("rdn", true);
        PositionBook b = new PositionBook();
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 10, 0);
        awaiting.closed(b, INSTRUMENT, p, T0 + 5, decided.out);
        assertThat(decided.trades()).isEmpty();
        assertThat(b.unwoundAwaitingExit()).isEqualTo(1);

        Decision.Action exit = Decision.Action.exit(1, "STOP_LOSS", List.of(), Map.of(), Map.of("exit_reason", "STOP_LOSS"));
        awaiting.exitedWhenFlat(b, INSTRUMENT, exit, b.ghosts.remove(1L), T0 + 60, decided.out);
        assertThat(decided.trades()).singleElement().satisfies(t -> {
            assertThat(t.columns()).containsExactly(Map.entry("exit_reason", "STOP_LOSS"));
            assertThat(t.exitTsUs()).isEqualTo(T0 + 60);
        });
    }

    @Test
    void atTheEndEveryUnwoundPositionStillWaitingIsTradedInTheOrderItWentFlat() {
        TradeTape awaiting = new TradeTape("rdn", true);
        PositionBook b = new PositionBook();
        for (long id : new long[]{5, 3}) {
            PositionRecord p = position(b, id, 10);
            entryFilled(b, p, 10, 0);
            awaiting.closed(b, INSTRUMENT, p, T0 + id, decided.out);
        }
        awaiting.unwindAll(b, INSTRUMENT, decided.out);
        assertThat(decided.trades()).extracting(t -> t.columns().get("position_id")).containsExactly(5L, 3L);
        assertThat(b.unwoundAwaitingExit()).isZero();
    }

    @Test
    void aClosedPositionTheStrategyExitedIsTradedWithItsRow() {
        PositionBook b = new PositionBook();
        PositionRecord p = position(b, 1, 10);
        p.strategyClose = true;
        p.exitRowTsUs = T0 + 60;
        p.exitReason = "SPREAD_COMPRESSION";
        p.tradeRow = Map.of("exit_reason", "SPREAD_COMPRESSION");
        tape.closeDecided(b, 1);
        tape.closed(b, INSTRUMENT, p, T0 + 61, decided.out);
        assertThat(decided.trades()).singleElement().satisfies(t -> {
            assertThat(t.exitTsUs()).isEqualTo(T0 + 60);
            assertThat(t.notionalQuote()).isEqualByComparingTo("1000");
        });
    }
}

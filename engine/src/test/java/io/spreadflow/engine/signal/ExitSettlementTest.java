package io.spreadflow.engine.signal;

import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.SignalKind;
import org.junit.jupiter.api.Test;

import static io.spreadflow.engine.signal.MachineFixtures.FUT;
import static io.spreadflow.engine.signal.MachineFixtures.INSTRUMENT;
import static io.spreadflow.engine.signal.MachineFixtures.T0;
import static io.spreadflow.engine.signal.MachineFixtures.entryFilled;
import static io.spreadflow.engine.signal.MachineFixtures.leg;
import static io.spreadflow.engine.signal.MachineFixtures.position;
import static org.assertj.core.api.Assertions.assertThat;

class ExitSettlementTest {

    private final MachineFixtures.Decided decided = new MachineFixtures.Decided();
    private final PositionBook b = new PositionBook();
    private final TradeTape tape = new TradeTape("rdn", false);
    private final ExitSettlement exits = new ExitSettlement(new SignalRecords("rdn"),
            new OrderTickets("rdn", new LegTimeouts(5_000_000)), tape);

    /** An open 10/10 position whose exit sold the spot and bought back {@code futBought} of the futures. */
    private PositionRecord exiting(double futBought) {
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 10, 10);
        p.state = PositionState.EXITING;
        p.strategyClose = true;
        ExitSettlement.begin(p);
        leg(b, p, "LUNC-USDT|rdn|9", 0, IntentPurpose.EXIT, MachineFixtures.SPOT, Side.SELL, 10, 10, LegRecord.Status.FILLED);
        leg(b, p, "LUNC-USDT|rdn|9", 1, IntentPurpose.EXIT, FUT, Side.BUY, 10, futBought, LegRecord.Status.PARTIAL_DONE);
        return p;
    }

    @Test
    void aFlatPositionIsClosed() {
        PositionRecord p = exiting(10);
        assertThat(exits.settle(b, INSTRUMENT, p, T0, decided.out)).isTrue();
        assertThat(p.state).isEqualTo(PositionState.FLAT);
        assertThat(decided.reasons()).containsExactly("CLOSED");
        assertThat(decided.intents()).isEmpty();
    }

    @Test
    void theRestIsSentAgainToTheNextBook() {
        PositionRecord p = exiting(3);
        assertThat(exits.settle(b, INSTRUMENT, p, T0, decided.out)).isFalse();
        assertThat(decided.reasons()).containsExactly("EXIT_RETRY");
        assertThat(decided.intents().get(0).getLegs()).extracting(OrderLeg::getVenue, OrderLeg::getSide, OrderLeg::getQuantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FUT, Side.BUY, 7.0));
        assertThat(decided.nextBook()).containsExactly(true);
        assertThat(p.exitAttempts).as("the attempt closed a slice").isZero();
    }

    @Test
    void onlyAttemptsInARowThatFillNothingHalt() {
        PositionRecord p = exiting(3);
        exits.settle(b, INSTRUMENT, p, T0, decided.out);
        for (int i = 1; i <= ExitSettlement.MAX_ATTEMPTS; i++) {
            assertThat(exits.settle(b, INSTRUMENT, p, T0 + i, decided.out)).isFalse();
            assertThat(p.exitAttempts).isEqualTo(i);
        }
        assertThat(b.halted()).isFalse();
        // a slice fills: the count starts anew
        leg(b, p, "LUNC-USDT|rdn|99", 0, IntentPurpose.HEDGE, FUT, Side.BUY, 7, 1, LegRecord.Status.PARTIAL_DONE);
        exits.settle(b, INSTRUMENT, p, T0 + 100, decided.out);
        assertThat(p.exitAttempts).isZero();
        for (int i = 1; i <= ExitSettlement.MAX_ATTEMPTS + 1; i++) exits.settle(b, INSTRUMENT, p, T0 + 100 + i, decided.out);
        assertThat(b.halted()).isTrue();
        assertThat(b.haltReason()).isEqualTo("EXIT_FAILED");
        assertThat(decided.signals()).filteredOn(s -> s.getKind() == SignalKind.HALT).hasSize(1);
    }

    @Test
    void aHaltedExitNoLongerHoldsLaterTrades() {
        PositionRecord p = exiting(3);
        tape.closeDecided(b, 1);
        tape.closeDecided(b, 2);
        tape.finish(b, decided.out, 2, tape.trade(INSTRUMENT, 2, T0, T0, "X", null, java.math.BigDecimal.ONE,
                java.math.BigDecimal.ZERO, java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO));
        assertThat(decided.trades()).isEmpty();
        for (int i = 0; i <= ExitSettlement.MAX_ATTEMPTS + 1; i++) exits.settle(b, INSTRUMENT, p, T0 + i, decided.out);
        assertThat(b.halted()).isTrue();
        assertThat(decided.trades()).extracting(t -> t.columns().get("position_id")).containsExactly(2L);
    }
}

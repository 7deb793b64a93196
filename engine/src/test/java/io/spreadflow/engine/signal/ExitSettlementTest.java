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

    private final MachineFixtures.RecordingPort port = new MachineFixtures.RecordingPort();
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
        assertThat(exits.settle(b, INSTRUMENT, p, T0, port.out)).isTrue();
        assertThat(p.state).isEqualTo(PositionState.FLAT);
        assertThat(port.reasons()).containsExactly("CLOSED");
        assertThat(port.intents()).isEmpty();
    }

    @Test
    void theRestIsSentAgainToTheNextBook() {
        PositionRecord p = exiting(3);
        assertThat(exits.settle(b, INSTRUMENT, p, T0, port.out)).isFalse();
        assertThat(port.reasons()).containsExactly("EXIT_RETRY");
        assertThat(port.intents().get(0).getLegs()).extracting(OrderLeg::getVenue, OrderLeg::getSide, OrderLeg::getQuantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FUT, Side.BUY, 7.0));
        assertThat(port.nextBook()).containsExactly(true);
        assertThat(p.exitAttempts).as("the attempt closed a slice").isZero();
    }

    @Test
    void onlyAttemptsInARowThatFillNothingHalt() {
        PositionRecord p = exiting(3);
        exits.settle(b, INSTRUMENT, p, T0, port.out);
        for (int i = 1; i <= ExitSettlement.MAX_ATTEMPTS; i++) {
            assertThat(exits.settle(b, INSTRUMENT, p, T0 + i, port.out)).isFalse();
            assertThat(p.exitAttempts).isEqualTo(i);
        }
        assertThat(b.halted()).isFalse();
        // a slice fills: the count starts anew
        leg(b, p, "LUNC-USDT|rdn|99", 0, IntentPurpose.HEDGE, FUT, Side.BUY, 7, 1, LegRecord.Status.PARTIAL_DONE);
        exits.settle(b, INSTRUMENT, p, T0 + 100, port.out);
        assertThat(p.exitAttempts).isZero();
        for (int i = 1; i <= ExitSettlement.MAX_ATTEMPTS + 1; i++) exits.settle(b, INSTRUMENT, p, T0 + 100 + i, port.out);
        assertThat(b.halted()).isTrue();
        assertThat(b.haltReason()).isEqualTo("EXIT_FAILED");
        assertThat(port.signals()).filteredOn(s -> s.getKind() == SignalKind.HALT).hasSize(1);
    }

    @Test
    void aHaltedExitNoLongerHoldsLaterTrades() {
        PositionRecord p = exiting(3);
        tape.closeDecided(b, 1);
        tape.closeDecided(b, 2);
        tape.finish(b, port.out, 2, tape.trade(INSTRUMENT, 2, T0, T0, "X", null, java.math.BigDecimal.ONE,
                java.math.BigDecimal.ZERO, java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO));
        assertThat(port.trades()).isEmpty();
        for (int i = 0; i <= ExitSettlement.MAX_ATTEMPTS + 1; i++) exits.settle(b, INSTRUMENT, p, T0 + i, port.out);
        assertThat(b.halted()).isTrue();
        assertThat(port.trades()).extracting(t -> t.columns().get("position_id")).containsExactly(2L);
    }
}

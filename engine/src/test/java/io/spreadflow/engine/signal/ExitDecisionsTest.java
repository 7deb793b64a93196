package io.spreadflow.engine.signal;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.strategy.Decision;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.spreadflow.engine.signal.MachineFixtures.FUT;
import static io.spreadflow.engine.signal.MachineFixtures.INSTRUMENT;
import static io.spreadflow.engine.signal.MachineFixtures.SPOT;
import static io.spreadflow.engine.signal.MachineFixtures.T0;
import static io.spreadflow.engine.signal.MachineFixtures.entryFilled;
import static io.spreadflow.engine.signal.MachineFixtures.position;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class ExitDecisionsTest {

    private final MachineFixtures.Decided decided = new MachineFixtures.Decided();
    private final PositionBook b = new PositionBook();
    private final ExitDecisions exits;

    ExitDecisionsTest() {
        SignalRecords records = new SignalRecords("rdn");
        OrderTickets tickets = new OrderTickets("rdn", new LegTimeouts(5_000_000));
        TradeTape tape = new TradeTape("rdn", true);
        exits = new ExitDecisions(records, tickets, tape, new PositionClose(records,
                new RiskGate(StrategyConfig.RiskLimits.NONE), tape, new ExitSettlement(records, tickets, tape)));
    }

    private static Decision.Action exit(long id, List<Decision.Leg> legs) {
        return Decision.Action.exit(id, "STOP_LOSS", legs, Map.of(), Map.of("exit_reason", "STOP_LOSS"));
    }

    private void decide(Decision.Action a) {
        exits.decide(b, INSTRUMENT, a, T0 + 60_000_000, T0 + 60_100_000, -0.4, Map.of(), decided.out);
    }

    @Test
    void anOpenPositionIsFlattenedOnEveryVenueItHolds() {
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 10, 10);
        p.state = PositionState.OPEN;
        // the strategy names only the futures leg: the spot holding is closed as well, after it
        decide(exit(1, List.of(Decision.Leg.buy(FUT, 1.0))));
        assertThat(p.state).isEqualTo(PositionState.EXITING);
        assertThat(p.strategyClose).isTrue();
        assertThat(p.exitRowTsUs).isEqualTo(T0 + 60_000_000);
        assertThat(decided.reasons()).containsExactly("STOP_LOSS");
        assertThat(decided.intents().get(0).getLegs()).extracting(OrderLeg::getVenue, OrderLeg::getSide, OrderLeg::getQuantity)
                .containsExactly(tuple(FUT, Side.BUY, 10.0), tuple(SPOT, Side.SELL, 10.0));
        assertThat(decided.intents().get(0).getEventTsUs()).isEqualTo(T0 + 60_100_000);
        assertThat(decided.nextBook()).containsExactly(false);
    }

    @Test
    void anExitWhileEnteringWaitsForTheEntry() {
        PositionRecord p = position(b, 1, 10);
        decide(exit(1, List.of()));
        assertThat(p.pendingExit).isNotNull();
        assertThat(p.state).isEqualTo(PositionState.ENTERING);
        assertThat(decided.reasons()).containsExactly("STOP_LOSS_AFTER_ENTRY");
        assertThat(decided.intents()).isEmpty();
        decide(exit(1, List.of()));
        assertThat(decided.reasons()).containsExactly("STOP_LOSS_AFTER_ENTRY", "EXIT_REFUSED_ALREADY_EXITING");
    }

    @Test
    void aPositionAlreadyUnwoundIsTradedAtOnceWithTheStrategysRow() {
        b.remember(1, new PositionBook.Ghost(T0, T0 + 5, java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO,
                java.math.BigDecimal.TEN, java.math.BigDecimal.ZERO, true));
        decide(exit(1, List.of()));
        assertThat(decided.reasons()).containsExactly("STOP_LOSS_ALREADY_FLAT");
        assertThat(decided.trades()).singleElement().satisfies(t -> assertThat(t.columns()).containsEntry("exit_reason", "STOP_LOSS"));
        assertThat(b.unwoundAwaitingExit()).isZero();
    }

    @Test
    void anUnknownPositionIsRefused() {
        decide(exit(9, List.of()));
        assertThat(decided.reasons()).containsExactly("EXIT_REFUSED_NO_SUCH_POSITION");
        assertThat(decided.intents()).isEmpty();
    }

    @Test
    void anExitWithNothingHeldClosesAtOnce() {
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 10, 10);
        p.state = PositionState.OPEN;
        // both venues already flat (sold back by hand): nothing to send, the position is closed
        MachineFixtures.leg(b, p, "LUNC-USDT|rdn|2", 0, io.spreadflow.schemas.IntentPurpose.HEDGE, SPOT, Side.SELL, 10, 10,
                LegRecord.Status.FILLED);
        MachineFixtures.leg(b, p, "LUNC-USDT|rdn|2", 1, io.spreadflow.schemas.IntentPurpose.HEDGE, FUT, Side.BUY, 10, 10,
                LegRecord.Status.FILLED);
        decide(exit(1, List.of()));
        assertThat(decided.intents()).isEmpty();
        assertThat(decided.reasons()).containsExactly("STOP_LOSS", "CLOSED");
        assertThat(b.position(1)).isNull();
        assertThat(decided.trades()).hasSize(1);
    }
}

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

class LegRepairTest {

    private final MachineFixtures.Decided decided = new MachineFixtures.Decided();
    private final PositionBook b = new PositionBook();

    private LegRepair repair(StrategyConfig.LegFailurePolicy policy) {
        return new LegRepair(policy, new SignalRecords("rdn"), new OrderTickets("rdn", new LegTimeouts(5_000_000)));
    }

    @Test
    void everyLegAtItsTargetOpensThePosition() {
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 10, 10);
        assertThat(repair(StrategyConfig.LegFailurePolicy.UNWIND).decide(b, INSTRUMENT, p, T0, decided.out)).isEqualTo(LegRepair.Next.NONE);
        assertThat(p.state).isEqualTo(PositionState.OPEN);
        assertThat(decided.reasons()).containsExactly("FILLED");
        assertThat(decided.intents()).isEmpty();
    }

    @Test
    void anExitDecidedWhileEnteringStartsOnceOpen() {
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 10, 10);
        p.pendingExit = Decision.Action.exit(1, "STOP_LOSS", List.of(), Map.of(), null);
        assertThat(repair(StrategyConfig.LegFailurePolicy.UNWIND).decide(b, INSTRUMENT, p, T0, decided.out))
                .isEqualTo(LegRepair.Next.START_PENDING_EXIT);
    }

    @Test
    void nothingFilledIsAFailedEntry() {
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 0, 0);
        assertThat(repair(StrategyConfig.LegFailurePolicy.UNWIND).decide(b, INSTRUMENT, p, T0, decided.out)).isEqualTo(LegRepair.Next.CLOSE);
        assertThat(p.state).isEqualTo(PositionState.FLAT);
        assertThat(decided.reasons()).containsExactly("ENTRY_FAILED");
    }

    @Test
    void unevenLegsAreTrimmedToTheSmallestAtTheNextBook() {
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 10, 4);
        assertThat(repair(StrategyConfig.LegFailurePolicy.UNWIND).decide(b, INSTRUMENT, p, T0, decided.out)).isEqualTo(LegRepair.Next.NONE);
        assertThat(p.state).isEqualTo(PositionState.ENTERING);
        assertThat(p.target).isEqualTo(4);
        assertThat(decided.reasons()).containsExactly("UNWIND_TO_SMALLEST_LEG");
        assertThat(decided.intents()).singleElement().satisfies(i -> assertThat(i.getLegs())
                .extracting(OrderLeg::getVenue, OrderLeg::getSide, OrderLeg::getQuantity).containsExactly(tuple(SPOT, Side.SELL, 6.0)));
        assertThat(decided.nextBook()).containsExactly(true);
    }

    @Test
    void oneLegEmptyUnwindsTheOtherFlat() {
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 0, 7);
        repair(StrategyConfig.LegFailurePolicy.UNWIND).decide(b, INSTRUMENT, p, T0, decided.out);
        assertThat(p.state).isEqualTo(PositionState.EXITING);
        assertThat(p.exitLeft).as("the exit's first measure").isEqualTo(7);
        assertThat(decided.reasons()).containsExactly("UNWIND");
        assertThat(decided.intents().get(0).getLegs()).extracting(OrderLeg::getVenue, OrderLeg::getSide, OrderLeg::getQuantity)
                .containsExactly(tuple(FUT, Side.BUY, 7.0));
    }

    @Test
    void completingSendsTheMissingQuantityOnlyOnce() {
        LegRepair complete = repair(StrategyConfig.LegFailurePolicy.COMPLETE);
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 10, 4);
        complete.decide(b, INSTRUMENT, p, T0, decided.out);
        assertThat(decided.reasons()).containsExactly("COMPLETE");
        assertThat(decided.intents().get(0).getLegs()).extracting(OrderLeg::getVenue, OrderLeg::getSide, OrderLeg::getQuantity)
                .containsExactly(tuple(FUT, Side.SELL, 6.0));
        // the completion came back empty: the second time the position is unwound instead
        complete.decide(b, INSTRUMENT, p, T0 + 1, decided.out);
        assertThat(decided.reasons()).containsExactly("COMPLETE", "UNWIND_TO_SMALLEST_LEG");
    }

    @Test
    void anExitingPositionIsLeftToItsSettlement() {
        PositionRecord p = position(b, 1, 10);
        p.state = PositionState.EXITING;
        assertThat(repair(StrategyConfig.LegFailurePolicy.UNWIND).decide(b, INSTRUMENT, p, T0, decided.out)).isEqualTo(LegRepair.Next.SETTLE);
        assertThat(decided.all()).isEmpty();
    }
}

package io.spreadflow.engine.signal;

import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.spreadflow.engine.signal.MachineFixtures.FUT;
import static io.spreadflow.engine.signal.MachineFixtures.INSTRUMENT;
import static io.spreadflow.engine.signal.MachineFixtures.SPOT;
import static io.spreadflow.engine.signal.MachineFixtures.T0;
import static io.spreadflow.engine.signal.MachineFixtures.entryFilled;
import static io.spreadflow.engine.signal.MachineFixtures.position;
import static org.assertj.core.api.Assertions.assertThat;

class OrderTicketsTest {

    private final OrderTickets tickets = new OrderTickets("rdn", new LegTimeouts(5_000_000));
    private final MachineFixtures.Decided decided = new MachineFixtures.Decided();

    @Test
    void anIntentTakesTheNextIdAndRecordsItsLegs() {
        PositionBook b = new PositionBook();
        PositionRecord p = position(b, 7, 10);
        assertThat(tickets.send(b, INSTRUMENT, p, IntentPurpose.ENTRY, "SPREAD_ENTRY", new String[]{SPOT, FUT},
                new Side[]{Side.BUY, Side.SELL}, new double[]{10, 10}, T0, false, decided.out)).isTrue();
        OrderIntent i = decided.intents().get(0);
        assertThat(i.getIntentId()).isEqualTo("LUNC-USDT|rdn|1");
        assertThat(i.getSequence()).isEqualTo(1);
        assertThat(i.getPositionId()).isEqualTo(7L);
        assertThat(i.getEventTsUs()).isEqualTo(T0);
        assertThat(i.getLegs()).extracting(OrderLeg::getVenue, OrderLeg::getSide, OrderLeg::getReduceOnly).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SPOT, Side.BUY, false), org.assertj.core.groups.Tuple.tuple(FUT, Side.SELL, false));
        assertThat(decided.nextBook()).containsExactly(false);
        assertThat(p.legs).extracting(l -> l.deadlineUs).containsOnly(T0 + 5_000_000);
        assertThat(b.knows(i.getIntentId())).isTrue();
        assertThat(b.nextDeadlineUs()).isEqualTo(T0 + 5_000_000);
    }

    @Test
    void legsWithoutQuantityAreLeftOutAndNothingGoesWhenAllAreEmpty() {
        PositionBook b = new PositionBook();
        PositionRecord p = position(b, 1, 10);
        assertThat(tickets.send(b, INSTRUMENT, p, IntentPurpose.HEDGE, "UNWIND", new String[]{SPOT, FUT},
                new Side[]{Side.SELL, Side.BUY}, new double[]{0, 0}, T0, true, decided.out)).isFalse();
        assertThat(decided.intents()).isEmpty();
        assertThat(b.intentSequence()).as("no id used").isZero();
        tickets.send(b, INSTRUMENT, p, IntentPurpose.HEDGE, "UNWIND", new String[]{SPOT, FUT},
                new Side[]{Side.SELL, Side.BUY}, new double[]{0, 3}, T0, true, decided.out);
        assertThat(decided.intents().get(0).getLegs()).singleElement().satisfies(l -> assertThat(l.getVenue()).isEqualTo(FUT));
        assertThat(p.legs).singleElement().satisfies(l -> assertThat(l.legIndex()).isZero());
        assertThat(decided.nextBook()).containsExactly(true);
    }

    @Test
    void flatteningTradesEachVenuesNetBackToZeroReduceOnlyOnExit() {
        PositionBook b = new PositionBook();
        PositionRecord p = position(b, 1, 10);
        entryFilled(b, p, 10, 4);
        tickets.flatten(b, INSTRUMENT, p, IntentPurpose.EXIT, "STOP_LOSS", List.of(SPOT, FUT), T0, false, decided.out);
        assertThat(decided.intents().get(0).getLegs()).extracting(OrderLeg::getVenue, OrderLeg::getSide, OrderLeg::getQuantity,
                OrderLeg::getReduceOnly).containsExactly(org.assertj.core.groups.Tuple.tuple(SPOT, Side.SELL, 10.0, true),
                org.assertj.core.groups.Tuple.tuple(FUT, Side.BUY, 4.0, true));
        assertThat(decided.intents().get(0).getIntentId()).isEqualTo("LUNC-USDT|rdn|2");
    }
}

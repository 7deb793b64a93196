package io.spreadflow.engine.strategies.rdn;

import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.RecordingOutput;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.spreadflow.engine.Ticks.FUT;
import static io.spreadflow.engine.Ticks.INSTRUMENT;
import static io.spreadflow.engine.Ticks.SPOT;
import static io.spreadflow.engine.Ticks.SPOT_B;
import static io.spreadflow.engine.Ticks.tick;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * rdn with two spot venues against one futures venue under {@code multi-spot: cheapest}: each entry
 * buys on the spot venue whose ask is lowest on its row, and its exit is judged by and sells on that
 * same venue, whichever venue is cheaper by then.
 */
class CheapestSpotVenueTest {

    private static final long T0 = 1_760_000_000_000_000L;
    private static final long SECOND = 1_000_000L;
    private static final double FUT_BID = 100.0;
    private static final double SPREAD = 0.05;

    /**
     * Spot A and spot B asks per 1 s bar; futures bid 100, so a venue's entry spread is {@code 100 − ask}
     * percent. Entry below −2, exit above −0.5.
     */
    private static final double[][] ASKS = {
            {100.0, 100.0},   // 0: flat market
            {104.0, 103.0},   // 1: B cheaper, −3 → buy B
            {100.1, 103.0},   // 2: A recovered (−0.1) but B, the held venue, is still at −3: hold
            {100.1, 100.2},   // 3: B at −0.2 → exit, sold on B although A is cheaper now
            {100.0, 100.0},   // 4: flat
            {103.0, 104.0},   // 5: A cheaper, −3 → buy A
            {100.3, 100.1},   // 6: A at −0.3 → exit on A although B is cheaper now
            {100.0, 100.0},   // 7: flat
    };

    private static StrategyConfig config(StrategyConfig.MultiSpot mode) {
        return StrategyConfig.builder("rdn")
                .instrument(INSTRUMENT)
                .venues(List.of(SPOT, SPOT_B), FUT)
                .multiSpot(mode)
                .barSeconds(1)
                .param("entry_spread_threshold", -2.0)
                .param("exit_spread_threshold", -0.5)
                .param("min_volatility", 0.0)
                .param("volatility_window", 2)
                .build();
    }

    private static RecordingOutput run(StrategyConfig config) {
        DefaultInstrumentEngine engine = new DefaultInstrumentEngine(config, new ReverseDeltaNeutral());
        EngineState state = engine.newState(INSTRUMENT);
        RecordingOutput out = new RecordingOutput();
        for (int i = 0; i < ASKS.length; i++) {
            long ts = T0 + i * SECOND;
            engine.onTick(state, tick(SPOT, ts, ASKS[i][0] - SPREAD, ASKS[i][0]), out);
            engine.onTick(state, tick(SPOT_B, ts + 100_000, ASKS[i][1] - SPREAD, ASKS[i][1]), out);
            engine.onTick(state, tick(FUT, ts + 200_000, FUT_BID, FUT_BID + 0.01), out);
        }
        engine.onEndOfInput(state, out);
        assertThat(out.rejections).isEmpty();
        assertThat(state.positions().isFlat()).as("every position closed").isTrue();
        return out;
    }

    private static OrderLeg spotLeg(OrderIntent i) {
        return i.getLegs().stream().filter(l -> !l.getVenue().equals(FUT)).findFirst().orElseThrow();
    }

    @Test
    void entriesBuyOnTheCheaperVenueAndExitsSellOnTheSameVenue() {
        RecordingOutput out = run(config(StrategyConfig.MultiSpot.CHEAPEST));

        List<OrderIntent> entries = out.intents.stream().filter(i -> i.getPurpose() == IntentPurpose.ENTRY).toList();
        List<OrderIntent> exits = out.intents.stream().filter(i -> i.getPurpose() == IntentPurpose.EXIT).toList();
        assertThat(entries).extracting(i -> spotLeg(i).getVenue(), i -> spotLeg(i).getSide())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SPOT_B, Side.BUY), org.assertj.core.groups.Tuple.tuple(SPOT, Side.BUY));
        assertThat(exits).extracting(i -> spotLeg(i).getVenue(), i -> spotLeg(i).getSide())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SPOT_B, Side.SELL), org.assertj.core.groups.Tuple.tuple(SPOT, Side.SELL));
        // the exits fill on the venue bought, at that venue's bid in the book of the tick that closed the
        // deciding bar: bar 3 closes on spot A's first tick of bucket 4, before B moves, so B still shows
        // bar 3's bid; bar 6 closes on spot A's own tick of bucket 7, whose bid is already bucket 7's
        assertThat(out.executions.stream().filter(r -> r.getSide() == Side.SELL && !r.getVenue().equals(FUT)))
                .extracting(r -> r.getVenue(), r -> r.getAvgPrice())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SPOT_B, ASKS[3][1] - SPREAD),
                        org.assertj.core.groups.Tuple.tuple(SPOT, ASKS[7][0] - SPREAD));

        assertThat(out.trades).hasSize(2);
        Trade first = out.trades.get(0);
        assertThat(first.columns()).containsEntry("spot_venue", SPOT_B)
                .containsEntry("entry_time_us", T0 + SECOND)
                .containsEntry("exit_time_us", T0 + 3 * SECOND)
                .containsEntry("spot_entry_price", ASKS[1][1])
                .containsEntry("spot_exit_price", ASKS[3][1] - SPREAD)
                .containsEntry("entry_spread_pct", (FUT_BID - ASKS[1][1]) / FUT_BID * 100)
                .containsEntry("exit_spread_pct", (FUT_BID - ASKS[3][1]) / FUT_BID * 100)
                .containsEntry("exit_reason", "SPREAD_COMPRESSION");
        Trade second = out.trades.get(1);
        assertThat(second.columns()).containsEntry("spot_venue", SPOT)
                .containsEntry("entry_time_us", T0 + 5 * SECOND)
                .containsEntry("exit_time_us", T0 + 6 * SECOND)
                .containsEntry("spot_entry_price", ASKS[5][0])
                .containsEntry("spot_exit_price", ASKS[6][0] - SPREAD);
        // booked from the fills on the venue held: buy B at 103, sell B at 100.15, plus the futures leg
        double q = 1000 / ASKS[1][1];
        assertThat(first.pnlQuote().doubleValue()).isCloseTo(q * (ASKS[3][1] - SPREAD - ASKS[1][1]) + q * (FUT_BID - (FUT_BID + 0.01)),
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void theDefaultMeanModeStillTradesSpotAOnTheMeanSpread() {
        RecordingOutput out = run(config(StrategyConfig.MultiSpot.MEAN));
        assertThat(out.intents).isNotEmpty();
        assertThat(out.intents).allSatisfy(i -> assertThat(spotLeg(i).getVenue()).isEqualTo(SPOT));
        // mean of −4 and −3 is −3.5 on bar 1; bar 2's mean −1.55 holds; bar 3's −0.15 closes it
        assertThat(out.trades).first().satisfies(t -> {
            assertThat(t.columns()).doesNotContainKey("spot_venue");
            assertThat((Double) t.columns().get("entry_spread_pct")).isEqualTo(((FUT_BID - 104.0) / FUT_BID * 100 + (FUT_BID - 103.0) / FUT_BID * 100) / 2);
            assertThat(t.columns()).containsEntry("exit_time_us", T0 + 3 * SECOND).containsEntry("spot_entry_price", 104.0);
        });
    }
}

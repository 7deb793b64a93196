package io.spreadflow.execution.venue;

import io.spreadflow.execution.venue.sim.BinanceFamilySim;
import io.spreadflow.execution.venue.sim.GateSim;
import io.spreadflow.execution.venue.sim.SimExchange;
import io.spreadflow.execution.venue.sim.VenueSimulator;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Hedged legs on venues with different lots are sent with one quantity both can take. */
class VenueRouterTest {

    @Test
    void equalLegsAreCutToTheCoarserLotOfTheTwoVenues() {
        SimExchange spot = new SimExchange(false, false, new BigDecimal("0.001"), new BigDecimal("0.5"));
        spot.list(new SimExchange.Market("BTCUSDT", "BTC", "USDT", List.of(SimExchange.Level.of("59990", "10")),
                List.of(SimExchange.Level.of("60000", "10")), BigDecimal.ONE, new BigDecimal("0.01"), new BigDecimal("0.000001"),
                new BigDecimal("0.000001"), new BigDecimal("5")));
        spot.setBalance("USDT", "1000000");
        SimExchange fut = new SimExchange(true, false, new BigDecimal("0.0005"), new BigDecimal("0.5"));
        fut.list(new SimExchange.Market("BTC_USDT", "BTC", "USDT", List.of(SimExchange.Level.of("59990", "100000")),
                List.of(SimExchange.Level.of("60000", "100000")), new BigDecimal("0.0001"), new BigDecimal("0.1"), BigDecimal.ONE,
                BigDecimal.ONE, BigDecimal.ZERO));
        fut.setBalance("USDT", "1000000");
        try (VenueSimulator mexc = new VenueSimulator(spot, new BinanceFamilySim(BinanceFamilySim.Variant.MEXC), "k", "s");
             VenueSimulator gate = new VenueSimulator(fut, new GateSim(true), "k", "s")) {
            ApiCredentials c = new ApiCredentials("k", "s");
            LiveTrading t = new LiveTrading(Map.of(
                    MexcSpotApi.VENUE, new LiveTrading.Venue(MexcSpotApi.VENUE, mexc.baseUrl(), c),
                    GateFuturesApi.VENUE, new LiveTrading.Venue(GateFuturesApi.VENUE, gate.baseUrl(), c)),
                    true, false, Duration.ofSeconds(2), Duration.ofMillis(300));
            VenueRouter router = new VenueRouter(LiveVenues.adapters(t, (i, l) -> null, Clock.systemUTC()), (i, l) -> {
                throw new AssertionError("no paper leg here");
            });
            OrderIntent i = OrderIntent.newBuilder().setIntentId("BTC-USDT|rdn|1").setInstrument("BTC-USDT").setStrategyId("rdn")
                    .setSequence(1).setPurpose(IntentPurpose.ENTRY).setEventTsUs(1L).setReason("test")
                    .setLegs(List.of(OrderLeg.newBuilder().setVenue(MexcSpotApi.VENUE).setSide(Side.BUY).setQuantity(0.016685964).build(),
                            OrderLeg.newBuilder().setVenue(GateFuturesApi.VENUE).setSide(Side.SELL).setQuantity(0.016685964).build()))
                    .build();
            ExecutionReport a = router.execute(i, 0);
            ExecutionReport b = router.execute(i, 1);
            assertThat(a.getStatus()).isEqualTo(ExecutionStatus.FILLED);
            assertThat(b.getStatus()).isEqualTo(ExecutionStatus.FILLED);
            // 166 contracts of 0.0001 BTC on Gate.io, so 0.0166 BTC on MEXC too, not 0.016685
            assertThat(a.getFilledQty()).isEqualTo(0.0166);
            assertThat(b.getFilledQty()).isEqualTo(0.0166);
            assertThat(gate.exchange().orders().get(0).qty).isEqualByComparingTo("166");
            assertThat(mexc.exchange().orders().get(0).qty).isEqualByComparingTo("0.0166");
            // a single leg keeps its own quantity
            OrderIntent one = OrderIntent.newBuilder(i).setIntentId("BTC-USDT|rdn|2").setLegs(List.of(
                    OrderLeg.newBuilder().setVenue(MexcSpotApi.VENUE).setSide(Side.SELL).setQuantity(0.000085).build())).build();
            assertThat(router.commonLots(one)).isSameAs(one);
        }
    }
}

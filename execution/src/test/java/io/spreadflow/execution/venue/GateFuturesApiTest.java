package io.spreadflow.execution.venue;

import io.spreadflow.execution.venue.sim.GateSim;
import io.spreadflow.execution.venue.sim.VenueSimulator;

import java.math.BigDecimal;
import java.util.Set;

/** Gate.io USDT futures with a quanto multiplier of 0.01: 100 contracts per BTC. */
class GateFuturesApiTest extends LiveVenueContract {
    @Override String venue() { return GateFuturesApi.VENUE; }
    @Override VenueSimulator.Dialect dialect() { return new GateSim(true); }
    @Override VenueApi api(VenueHttp http, ApiCredentials c) { return new GateFuturesApi(http, c, clock()); }
    @Override String symbol() { return "BTC_USDT"; }
    @Override boolean futures() { return true; }
    @Override BigDecimal unitsPerBtc() { return new BigDecimal("100"); }
    @Override Set<RejectReason> mappedErrors() {
        return Set.of(RejectReason.INSUFFICIENT_BALANCE, RejectReason.INVALID_SYMBOL, RejectReason.PRICE_OUT_OF_BAND,
                RejectReason.REDUCE_ONLY_WOULD_INCREASE);
    }
}

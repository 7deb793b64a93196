package io.spreadflow.execution.venue;

import io.spreadflow.execution.venue.sim.BinanceFamilySim;
import io.spreadflow.execution.venue.sim.VenueSimulator;

import java.util.Set;

class BinanceSpotApiTest extends LiveVenueContract {
    @Override String venue() { return BinanceSpotApi.VENUE; }
    @Override VenueSimulator.Dialect dialect() { return new BinanceFamilySim(BinanceFamilySim.Variant.SPOT); }
    @Override VenueApi api(VenueHttp http, ApiCredentials c) { return new BinanceSpotApi(http, c, clock()); }
    @Override String symbol() { return "BTCUSDT"; }
    @Override Set<RejectReason> mappedErrors() {
        return Set.of(RejectReason.INSUFFICIENT_BALANCE, RejectReason.INVALID_SYMBOL, RejectReason.PRICE_OUT_OF_BAND);
    }
}

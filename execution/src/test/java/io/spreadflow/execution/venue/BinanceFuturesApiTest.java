package io.spreadflow.execution.venue;

import io.spreadflow.execution.venue.sim.BinanceFamilySim;
import io.spreadflow.execution.venue.sim.VenueSimulator;

import java.util.Set;

class BinanceFuturesApiTest extends LiveVenueContract {
    @Override String venue() { return BinanceFuturesApi.VENUE; }
    @Override VenueSimulator.Dialect dialect() { return new BinanceFamilySim(BinanceFamilySim.Variant.USDM); }
    @Override VenueApi api(VenueHttp http, ApiCredentials c) { return new BinanceFuturesApi(http, c, clock()); }
    @Override String symbol() { return "BTCUSDT"; }
    @Override boolean futures() { return true; }
    @Override Set<RejectReason> mappedErrors() {
        return Set.of(RejectReason.INSUFFICIENT_BALANCE, RejectReason.INVALID_SYMBOL, RejectReason.PRICE_OUT_OF_BAND,
                RejectReason.REDUCE_ONLY_WOULD_INCREASE);
    }
}

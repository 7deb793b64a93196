package io.spreadflow.execution.venue;

import io.spreadflow.execution.venue.sim.GateSim;
import io.spreadflow.execution.venue.sim.VenueSimulator;

import java.util.Set;

/** Gate.io spot charges a buy's fee in the base asset (as its order example shows), which the adapter converts to quote. */
class GateSpotApiTest extends LiveVenueContract {
    @Override String venue() { return GateSpotApi.VENUE; }
    @Override VenueSimulator.Dialect dialect() { return new GateSim(false); }
    @Override VenueApi api(VenueHttp http, ApiCredentials c) { return new GateSpotApi(http, c, clock()); }
    @Override String symbol() { return "BTC_USDT"; }
    @Override boolean feeInBaseOnBuys() { return true; }
    @Override Set<RejectReason> mappedErrors() {
        return Set.of(RejectReason.INSUFFICIENT_BALANCE, RejectReason.INVALID_SYMBOL);
    }
}

package io.spreadflow.execution.testing;

import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.Market;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;

import java.util.ArrayList;
import java.util.List;

/** Intents, reports and ticks for tests: a spot/futures pair on Binance. */
public final class Intents {

    public static final String SPOT = "binance-spot";
    public static final String FUT = "binance-usdm";

    private Intents() {}

    /** Buy {@code qty} on spot, sell {@code qty} on futures, at market. */
    public static OrderIntent entry(String instrument, long seq, double qty, long eventTsUs, Long positionId) {
        return intent(instrument, seq, IntentPurpose.ENTRY, Side.BUY, Side.SELL, qty, eventTsUs, positionId);
    }

    /** Sell {@code qty} on spot, buy {@code qty} on futures, at market. */
    public static OrderIntent exit(String instrument, long seq, double qty, long eventTsUs, Long positionId) {
        return intent(instrument, seq, IntentPurpose.EXIT, Side.SELL, Side.BUY, qty, eventTsUs, positionId);
    }

    public static OrderIntent intent(String instrument, long seq, IntentPurpose purpose, Side spotSide, Side futSide, double qty,
                                     long eventTsUs, Long positionId) {
        return OrderIntent.newBuilder()
                .setIntentId(instrument + ":rdn:" + seq).setInstrument(instrument).setStrategyId("rdn").setSequence(seq)
                .setPurpose(purpose)
                .setLegs(List.of(
                        OrderLeg.newBuilder().setVenue(SPOT).setSide(spotSide).setQuantity(qty).build(),
                        OrderLeg.newBuilder().setVenue(FUT).setSide(futSide).setQuantity(qty).build()))
                .setEventTsUs(eventTsUs).setReason(purpose == IntentPurpose.ENTRY ? "SPREAD_ENTRY" : "SPREAD_COMPRESSION")
                .setPositionId(positionId)
                .build();
    }

    /** A filled report per leg at {@code price} with {@code fee}. */
    public static List<ExecutionReport> filled(OrderIntent i, double price, double fee) {
        List<ExecutionReport> out = new ArrayList<>();
        for (int k = 0; k < i.getLegs().size(); k++) {
            OrderLeg l = i.getLegs().get(k);
            out.add(ExecutionReport.newBuilder().setIntentId(i.getIntentId()).setInstrument(i.getInstrument()).setLegIndex(k)
                    .setVenue(l.getVenue()).setSide(l.getSide()).setStatus(ExecutionStatus.FILLED).setFilledQty(l.getQuantity())
                    .setAvgPrice(price).setFee(fee).setFeeCurrency("USDT").setIntentEventTsUs(i.getEventTsUs())
                    .setFillEventTsUs(i.getEventTsUs()).build());
        }
        return out;
    }

    public static BookTicker tick(String instrument, String venue, long tsUs, double bid, double bidQty, double ask, double askQty) {
        return BookTicker.newBuilder().setInstrument(instrument).setVenue(venue)
                .setMarket(venue.endsWith("spot") ? Market.SPOT : Market.PERPETUAL)
                .setVenueSymbol(instrument.replace("-", "")).setBidPrice(bid).setBidQty(bidQty).setAskPrice(ask).setAskQty(askQty)
                .setReceiveTsUs(tsUs).build();
    }
}

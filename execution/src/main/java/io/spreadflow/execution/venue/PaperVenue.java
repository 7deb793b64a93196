package io.spreadflow.execution.venue;

import io.spreadflow.execution.book.Quote;
import io.spreadflow.execution.book.QuoteHistory;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;

import java.math.BigDecimal;
import java.util.function.Function;

/**
 * Paper execution: every leg is an immediate-or-cancel taker order against the venue's top of book as
 * of the intent's event time plus {@code latencyUs}. A buy meets the ask, a sell the bid; the quantity
 * is capped by the size shown there (the rest is canceled); a limit the book does not reach cancels
 * the leg; the fee is the venue's taker rate on the filled notional, in the quote currency.
 */
public final class PaperVenue implements VenueAdapter {

    private final QuoteHistory books;
    private final long latencyUs;
    private final Function<String, BigDecimal> takerFee;

    public PaperVenue(QuoteHistory books, long latencyUs, Function<String, BigDecimal> takerFee) {
        this.books = books;
        this.latencyUs = latencyUs;
        this.takerFee = takerFee;
    }

    /** The event time whose book a leg of {@code intent} fills against. */
    public long fillTimeUs(OrderIntent intent) {
        return intent.getEventTsUs() + latencyUs;
    }

    @Override
    public ExecutionReport execute(OrderIntent intent, int legIndex) {
        OrderLeg leg = intent.getLegs().get(legIndex);
        long at = fillTimeUs(intent);
        Quote q = books.asOf(intent.getInstrument(), leg.getVenue(), at);
        ExecutionReport.Builder r = ExecutionReport.newBuilder()
                .setIntentId(intent.getIntentId()).setInstrument(intent.getInstrument()).setLegIndex(legIndex)
                .setVenue(leg.getVenue()).setSide(leg.getSide()).setIntentEventTsUs(intent.getEventTsUs())
                .setFeeCurrency(quoteCurrency(intent.getInstrument())).setFilledQty(0.0).setFee(0.0)
                .setVenueOrderId("paper-" + VenueAdapter.clientOrderId(intent, legIndex));
        if (q == null) {
            return r.setStatus(ExecutionStatus.REJECTED)
                    .setReason("no book of " + leg.getVenue() + " for " + intent.getInstrument() + " as of " + at + " µs").build();
        }
        r.setFillEventTsUs(q.tsUs());
        boolean buy = leg.getSide() == Side.BUY;
        double price = buy ? q.askPrice() : q.bidPrice();
        double shown = buy ? q.askQty() : q.bidQty();
        Double limit = leg.getLimitPrice();
        if (limit != null && (buy ? price > limit : price < limit)) {
            return r.setStatus(ExecutionStatus.CANCELED)
                    .setReason("limit " + limit + " not reached: " + (buy ? "ask " : "bid ") + price).build();
        }
        if (!(shown > 0)) {
            return r.setStatus(ExecutionStatus.CANCELED).setReason("no size at the top of " + leg.getVenue()).build();
        }
        BigDecimal qty = BigDecimal.valueOf(Math.min(leg.getQuantity(), shown));
        BigDecimal fee = qty.multiply(BigDecimal.valueOf(price)).multiply(takerFee.apply(leg.getVenue()));
        boolean complete = leg.getQuantity() <= shown;
        return r.setStatus(complete ? ExecutionStatus.FILLED : ExecutionStatus.PARTIALLY_FILLED)
                .setFilledQty(qty.doubleValue()).setAvgPrice(price).setFee(fee.doubleValue())
                .setReason(complete ? null : "top of book showed " + shown + " of " + leg.getQuantity() + "; rest canceled")
                .build();
    }

    /** {@code USDT} of {@code BTC-USDT}. */
    public static String quoteCurrency(String instrument) {
        int dash = instrument.lastIndexOf('-');
        return dash < 0 ? "" : instrument.substring(dash + 1);
    }
}

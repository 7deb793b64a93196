package io.spreadflow.engine.fill;

import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.Side;

import java.util.List;

/**
 * How a {@link Fill} of one order leg is reported, the same way by the job's in-job execution and by
 * the execution service's paper venue: nothing filled is one REJECTED report; a full fill one FILLED
 * report; a partial fill a PARTIALLY_FILLED report followed by a CANCELED report for the rest (a taker
 * order does not rest), both carrying the cumulative filled quantity, price and fee. The last report
 * is the leg's outcome, which is what the execution service records (one per leg).
 */
public final class FillReports {

    /**
     * The order leg being reported.
     *
     * @param intentId        the intent the leg belongs to
     * @param instrument      canonical {@code BASE-QUOTE}; its quote currency is the fee currency
     * @param legIndex        the leg's position in the intent
     * @param venue           where the leg executes
     * @param side            buy or sell
     * @param intentEventTsUs the intent's event time
     */
    public record Leg(String intentId, String instrument, int legIndex, String venue, Side side, long intentEventTsUs) {
    }

    private FillReports() {}

    /**
     * The reports of {@code fill}.
     *
     * @param bookTsUs     event time of the book the fill used; {@code null} when there was none
     * @param venueOrderId the order's id at the venue (or the simulated one) when something filled
     */
    public static List<ExecutionReport> of(Leg leg, Fill fill, Long bookTsUs, String venueOrderId) {
        ExecutionReport.Builder b = ExecutionReport.newBuilder()
                .setIntentId(leg.intentId()).setInstrument(leg.instrument()).setLegIndex(leg.legIndex())
                .setVenue(leg.venue()).setSide(leg.side()).setFeeCurrency(quoteCurrency(leg.instrument()))
                .setIntentEventTsUs(leg.intentEventTsUs()).setFillEventTsUs(bookTsUs);
        if (fill.status() == Fill.Status.NONE) {
            return List.of(b.setStatus(ExecutionStatus.REJECTED).setFilledQty(0).setAvgPrice(null).setFee(0)
                    .setVenueOrderId(null).setReason(fill.reason()).build());
        }
        ExecutionReport filled = b.setStatus(fill.status() == Fill.Status.FILLED ? ExecutionStatus.FILLED : ExecutionStatus.PARTIALLY_FILLED)
                .setFilledQty(fill.quantity()).setAvgPrice(fill.price()).setFee(fill.fee().doubleValue())
                .setVenueOrderId(venueOrderId).setReason(fill.reason().isEmpty() ? null : fill.reason()).build();
        if (fill.status() == Fill.Status.FILLED) return List.of(filled);
        return List.of(filled, ExecutionReport.newBuilder(filled).setStatus(ExecutionStatus.CANCELED).build());
    }

    /** {@code USDT} of {@code BTC-USDT}; empty when the instrument has no quote part. */
    public static String quoteCurrency(String instrument) {
        int i = instrument.lastIndexOf('-');
        return i >= 0 ? instrument.substring(i + 1) : "";
    }
}

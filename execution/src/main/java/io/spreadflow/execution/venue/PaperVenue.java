package io.spreadflow.execution.venue;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.fill.Fill;
import io.spreadflow.engine.fill.FillModel;
import io.spreadflow.engine.fill.FillReports;
import io.spreadflow.engine.fill.OrderRequest;
import io.spreadflow.engine.fill.TopOfBookFillModel;
import io.spreadflow.engine.market.Quote;
import io.spreadflow.execution.book.QuoteHistory;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paper execution: every leg is an immediate-or-cancel taker order against the venue's top of book as
 * of the intent's event time plus {@code latencyUs}, filled by the engine's {@link FillModel} and
 * reported by {@link FillReports} — the rules and reports of the backtest's in-job execution, so paper
 * trading and a backtest fill the same intent on the same book the same way. With
 * {@link TopOfBookFillModel}: a buy meets the ask, a sell the bid; the quantity is capped by the size
 * shown there and the rest canceled; a limit the book does not reach fills nothing; the fee is the
 * venue's taker rate on the filled notional, in the quote currency.
 *
 * <p>The service records one report per leg: the leg's outcome, the last of {@link FillReports#of}
 * (a partial fill is a CANCELED report carrying the filled quantity).
 */
public final class PaperVenue implements VenueAdapter {

    private final QuoteHistory books;
    private final long latencyUs;
    private final FillModel fills;

    public PaperVenue(QuoteHistory books, long latencyUs, FillModel fills) {
        this.books = books;
        this.latencyUs = latencyUs;
        this.fills = fills;
    }

    /**
     * The fill model of the paper venue: taker at the top of the book, no walking the book, no
     * slippage, the given taker rates (maker rates play no part in taker fills).
     */
    public static FillModel takerFillModel(Map<String, BigDecimal> takerFees, BigDecimal unlistedTakerFee) {
        Map<String, StrategyConfig.VenueFees> fees = new LinkedHashMap<>();
        takerFees.forEach((venue, rate) -> fees.put(venue, new StrategyConfig.VenueFees(BigDecimal.ZERO, rate)));
        return new TopOfBookFillModel(fees, new StrategyConfig.VenueFees(BigDecimal.ZERO, unlistedTakerFee), false, 0, Map.of());
    }

    /** The event time whose book a leg of {@code intent} fills against. */
    public long fillTimeUs(OrderIntent intent) {
        return intent.getEventTsUs() + latencyUs;
    }

    @Override
    public ExecutionReport execute(OrderIntent intent, int legIndex) {
        OrderLeg leg = intent.getLegs().get(legIndex);
        long at = fillTimeUs(intent);
        Quote book = books.asOf(intent.getInstrument(), leg.getVenue(), at);
        Double limit = leg.getLimitPrice();
        OrderRequest order = new OrderRequest(leg.getVenue(), leg.getSide(), leg.getQuantity(), limit == null ? Double.NaN : limit);
        Fill fill = book == null
                ? Fill.none("no book of " + leg.getVenue() + " for " + intent.getInstrument() + " as of " + at + " µs")
                : fills.fill(order, book);
        FillReports.Leg ref = new FillReports.Leg(intent.getIntentId(), intent.getInstrument(), legIndex, leg.getVenue(),
                leg.getSide(), intent.getEventTsUs());
        List<ExecutionReport> reports = FillReports.of(ref, fill, book == null ? null : book.tsUs(),
                "paper-" + VenueAdapter.clientOrderId(intent, legIndex));
        return reports.get(reports.size() - 1);
    }
}

package io.spreadflow.execution.venue;

import io.spreadflow.connectors.synthetic.SyntheticMarket;
import io.spreadflow.engine.EngineOutput;
import io.spreadflow.engine.InstrumentEngine;
import io.spreadflow.engine.InstrumentState;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.fill.TopOfBookFillModel;
import io.spreadflow.execution.book.QuoteHistory;
import io.spreadflow.schemas.BookTicker;
import io.spreadflow.schemas.ExecutionReport;
import io.spreadflow.schemas.ExecutionStatus;
import io.spreadflow.schemas.IntentPurpose;
import io.spreadflow.schemas.OrderIntent;
import io.spreadflow.schemas.OrderLeg;
import io.spreadflow.schemas.Side;
import io.spreadflow.schemas.Signal;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paper execution and the backtest's in-job execution fill an intent on a book the same way: the
 * engine runs a strategy over a synthetic market with its in-job fill model, and every entry and exit
 * intent it sent is executed again by the paper venue against the same ticks; each leg's outcome
 * (status, quantity, price, fee, book time) is the same.
 */
class PaperVenueSameFillTest {

    private static final BigDecimal SPOT_TAKER = new BigDecimal("0.0005");
    private static final BigDecimal FUTURES_TAKER = new BigDecimal("0.0004");

    /** What the engine emitted, in order. */
    private static final class Recorded implements EngineOutput {
        final List<OrderIntent> intents = new ArrayList<>();
        final List<ExecutionReport> reports = new ArrayList<>();

        @Override public void signal(Signal s) { }
        @Override public void intent(OrderIntent i) { intents.add(i); }
        @Override public void execution(ExecutionReport r) { reports.add(r); }
        @Override public void trade(Trade t) { }
        @Override public void rejected(BookTicker tick, String reason) { }
    }

    private static StrategyConfig config() {
        // positions large against the shown sizes, so that partial fills occur as well as full ones
        return StrategyConfig.builder("rdn")
                .venues(List.of(SyntheticMarket.SPOT), SyntheticMarket.FUTURES)
                .multiSpot(false)
                .barSeconds(1)
                .fee(SyntheticMarket.SPOT, new StrategyConfig.VenueFees(BigDecimal.ZERO, SPOT_TAKER))
                .fee(SyntheticMarket.FUTURES, new StrategyConfig.VenueFees(BigDecimal.ZERO, FUTURES_TAKER))
                .sizing(new StrategyConfig.Sizing(new BigDecimal("1000"), Map.of()))
                .param("position_size_usd", 60_000.0)
                .execution(StrategyConfig.ExecutionSettings.DEFAULT.withLegTimeout(Duration.ofSeconds(30)))
                .build();
    }

    @Test
    void everyEntryAndExitFillsOnPaperAsTheBacktestFilledIt() {
        List<BookTicker> ticks = SyntheticMarket.generate(SyntheticMarket.Settings.DEFAULT.withSeed(7), 60_000);
        InstrumentEngine engine = InstrumentEngine.of(config());
        Map<String, InstrumentState> states = new HashMap<>();
        Recorded out = new Recorded();
        QuoteHistory books = new QuoteHistory(ticks.size());
        for (BookTicker t : ticks) {
            books.add(t);
            engine.onTick(states.computeIfAbsent(t.getInstrument(), engine::newState), t, out);
        }
        Map<String, ExecutionReport> inJobOutcome = new LinkedHashMap<>();
        for (ExecutionReport r : out.reports) inJobOutcome.put(r.getIntentId() + "#" + r.getLegIndex(), r);

        PaperVenue paper = new PaperVenue(books, 0, PaperVenue.takerFillModel(
                Map.of(SyntheticMarket.SPOT, SPOT_TAKER, SyntheticMarket.FUTURES, FUTURES_TAKER), BigDecimal.ONE));
        int compared = 0;
        int partial = 0;
        for (OrderIntent intent : out.intents) {
            // repairs wait for the venue's next book in-job; entries and exits fill on the book of their decision
            if (intent.getPurpose() != IntentPurpose.ENTRY && intent.getPurpose() != IntentPurpose.EXIT) continue;
            for (int leg = 0; leg < intent.getLegs().size(); leg++) {
                ExecutionReport expected = inJobOutcome.get(intent.getIntentId() + "#" + leg);
                ExecutionReport actual = paper.execute(intent, leg);
                String what = intent.getIntentId() + " leg " + leg;
                assertThat(actual.getStatus()).as(what).isEqualTo(expected.getStatus());
                assertThat(actual.getFilledQty()).as(what).isEqualTo(expected.getFilledQty());
                assertThat(actual.getAvgPrice()).as(what).isEqualTo(expected.getAvgPrice());
                assertThat(actual.getFee()).as(what).isEqualTo(expected.getFee());
                assertThat(actual.getFeeCurrency()).as(what).isEqualTo(expected.getFeeCurrency());
                assertThat(actual.getFillEventTsUs()).as(what).isEqualTo(expected.getFillEventTsUs());
                assertThat(actual.getIntentEventTsUs()).as(what).isEqualTo(expected.getIntentEventTsUs());
                if (actual.getStatus() == ExecutionStatus.CANCELED && actual.getFilledQty() > 0) partial++;
                compared++;
            }
        }
        assertThat(compared).as("legs compared").isGreaterThanOrEqualTo(40);
        assertThat(partial).as("partially filled legs among them").isPositive();
    }

    @Test
    void aSingleLegMeetsTheSameRulesOnBothSides() {
        QuoteHistory books = new QuoteHistory(16);
        books.add(BookTicker.newBuilder().setInstrument("BTC-USDT").setVenue("v").setMarket(io.spreadflow.schemas.Market.SPOT)
                .setVenueSymbol("BTCUSDT").setBidPrice(99.0).setBidQty(3).setAskPrice(100.0).setAskQty(2)
                .setReceiveTsUs(1_000).setExchangeTsUs(null).setUpdateId(null).build());
        Map<String, StrategyConfig.VenueFees> fees = Map.of("v", new StrategyConfig.VenueFees(BigDecimal.ZERO, new BigDecimal("0.001")));
        TopOfBookFillModel backtest = new TopOfBookFillModel(fees, false, 0, Map.of());
        PaperVenue paper = new PaperVenue(books, 0, PaperVenue.takerFillModel(Map.of("v", new BigDecimal("0.001")), BigDecimal.ZERO));
        for (double qty : new double[] {1.0, 2.0, 5.0}) {
            for (Side side : Side.values()) {
                OrderIntent intent = OrderIntent.newBuilder().setIntentId("BTC-USDT|rdn|" + (int) qty).setInstrument("BTC-USDT")
                        .setStrategyId("rdn").setSequence(1).setPurpose(IntentPurpose.ENTRY).setEventTsUs(2_000).setReason("test")
                        .setLegs(List.of(OrderLeg.newBuilder().setVenue("v").setSide(side).setQuantity(qty).setLimitPrice(null)
                                .setReduceOnly(false).build()))
                        .build();
                var fill = backtest.fill(io.spreadflow.engine.fill.OrderRequest.market("v", side, qty), books.asOf("BTC-USDT", "v", 2_000));
                ExecutionReport r = paper.execute(intent, 0);
                assertThat(r.getFilledQty()).as(side + " " + qty).isEqualTo(fill.quantity());
                assertThat(r.getAvgPrice()).as(side + " " + qty).isEqualTo(fill.price());
                assertThat(BigDecimal.valueOf(r.getFee())).as(side + " " + qty).isEqualByComparingTo(BigDecimal.valueOf(fill.fee().doubleValue()));
                double shown = side == Side.BUY ? 2 : 3;
                assertThat(r.getStatus()).as(side + " " + qty).isEqualTo(qty <= shown ? ExecutionStatus.FILLED : ExecutionStatus.CANCELED);
            }
        }
    }
}

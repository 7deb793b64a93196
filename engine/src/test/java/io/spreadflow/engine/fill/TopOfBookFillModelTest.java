package io.spreadflow.engine.fill;

import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.market.Quote;
import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopOfBookFillModelTest {

    private static final Quote BOOK = new Quote("v", 99.0, 3.0, 101.0, 2.0, 1);
    private static final Map<String, StrategyConfig.VenueFees> FEES = Map.of("v", StrategyConfig.VenueFees.of("0.0002", "0.001"));

    @Test
    void takerBuysAtTheAskAndSellsAtTheBidPayingTheTakerFee() {
        TopOfBookFillModel m = new TopOfBookFillModel(FEES, false, 0, Map.of());
        Fill buy = m.fill(OrderRequest.market("v", Side.BUY, 1.5), BOOK);
        assertThat(buy.status()).isEqualTo(Fill.Status.FILLED);
        assertThat(buy.price()).isEqualTo(101.0);
        assertThat(buy.quantity()).isEqualTo(1.5);
        assertThat(buy.fee()).isEqualByComparingTo(new BigDecimal("1.5").multiply(new BigDecimal("101.0")).multiply(new BigDecimal("0.001")));
        Fill sell = m.fill(OrderRequest.market("v", Side.SELL, 1.0), BOOK);
        assertThat(sell.price()).isEqualTo(99.0);
    }

    @Test
    void quantityIsCappedByTheDisplayedSizeUnlessWalking() {
        Fill capped = new TopOfBookFillModel(FEES, false, 0, Map.of()).fill(OrderRequest.market("v", Side.BUY, 5), BOOK);
        assertThat(capped.status()).isEqualTo(Fill.Status.PARTIAL);
        assertThat(capped.quantity()).isEqualTo(2.0);
        assertThat(capped.reason()).contains("shows only");
        Fill walked = new TopOfBookFillModel(FEES, true, 0, Map.of()).fill(OrderRequest.market("v", Side.BUY, 5), BOOK);
        assertThat(walked.status()).isEqualTo(Fill.Status.FILLED);
        assertThat(walked.quantity()).isEqualTo(5);
        assertThat(walked.price()).isEqualTo(101.0);
    }

    @Test
    void slippageMovesThePriceAgainstTheOrderInTicks() {
        TopOfBookFillModel m = new TopOfBookFillModel(FEES, true, 2, Map.of("v", 0.5));
        assertThat(m.fill(OrderRequest.market("v", Side.BUY, 1), BOOK).price()).isEqualTo(102.0);
        assertThat(m.fill(OrderRequest.market("v", Side.SELL, 1), BOOK).price()).isEqualTo(98.0);
    }

    @Test
    void noFillWithoutBookSizeOrWithinLimit() {
        TopOfBookFillModel m = new TopOfBookFillModel(FEES, false, 0, Map.of());
        assertThat(m.fill(OrderRequest.market("v", Side.BUY, 1), null).status()).isEqualTo(Fill.Status.NONE);
        assertThat(m.fill(OrderRequest.market("v", Side.BUY, 1), new Quote("v", 99, 1, 101, 0, 1)).reason()).contains("no size");
        Fill limited = m.fill(new OrderRequest("v", Side.BUY, 1, 100.5), BOOK);
        assertThat(limited.status()).isEqualTo(Fill.Status.NONE);
        assertThat(limited.reason()).contains("limit");
        assertThat(m.fill(new OrderRequest("v", Side.BUY, 1, 101.0), BOOK).status()).isEqualTo(Fill.Status.FILLED);
    }

    @Test
    void pendingOrdersWaitForTheirVenueAndDueTime() {
        PendingOrders p = new PendingOrders();
        p.add(new PendingOrders.Pending("i|s|1", 0, "a", Side.BUY, 1, 100, 150));
        p.add(new PendingOrders.Pending("i|s|1", 1, "b", Side.SELL, 1, 100, 150));
        assertThat(p.takeDue("a", 149)).isEmpty();
        assertThat(p.takeDue("a", 150)).extracting(PendingOrders.Pending::legIndex).containsExactly(0);
        assertThat(p.size()).isEqualTo(1);
        p.cancel("i|s|1", 1);
        assertThat(p.isEmpty()).isTrue();
    }
}

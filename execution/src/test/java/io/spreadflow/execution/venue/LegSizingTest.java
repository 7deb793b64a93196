package io.spreadflow.execution.venue;

import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class LegSizingTest {

    private static final SymbolRules SPOT = new SymbolRules("BTCUSDT", "BTC", "USDT", new BigDecimal("0.01"), new BigDecimal("0.000001"),
            new BigDecimal("0.000001"), new BigDecimal("5"), BigDecimal.ONE, true);
    private static final SymbolRules CONTRACTS = new SymbolRules("BTC_USDT", "BTC", "USDT", new BigDecimal("0.1"), BigDecimal.ONE,
            BigDecimal.ONE, BigDecimal.ZERO, new BigDecimal("0.0001"), true);

    private static LegOrder sized(SymbolRules r, Side side, double qty, Double limit, Double ref) {
        LegSizing.Outcome o = LegSizing.size(r, "c", side, BigDecimal.valueOf(qty), limit == null ? null : BigDecimal.valueOf(limit), false,
                ref == null ? null : BigDecimal.valueOf(ref));
        assertThat(o).as(String.valueOf(o)).isInstanceOf(LegSizing.Sized.class);
        return ((LegSizing.Sized) o).order();
    }

    @Test
    void floatingPointNoiseDoesNotCostAStep() {
        // 0.016686 - 0.016685 in doubles: one step of 0.000001, less 2.5e-21
        assertThat(sized(SPOT, Side.SELL, 0.016686 - 0.016685, null, null).quantity()).isEqualByComparingTo("0.000001");
        assertThat(sized(SPOT, Side.BUY, 0.1 + 0.2, 100.07, null).price()).isEqualByComparingTo("100.07");
    }

    @Test
    void realShortfallsStillRoundDownAndBelowTheMinimumIsRefused() {
        assertThat(sized(SPOT, Side.BUY, 0.0123459, null, null).quantity()).isEqualByComparingTo("0.012345");
        assertThat(LegSizing.size(SPOT, "c", Side.SELL, new BigDecimal("0.0000009"), null, false, null))
                .isInstanceOf(LegSizing.Refused.class);
        assertThat(LegSizing.size(SPOT, "c", Side.SELL, new BigDecimal("0.001"), null, false, new BigDecimal("100")))
                .isInstanceOfSatisfying(LegSizing.Refused.class, r -> assertThat(r.reason()).contains("notional 0.1 USDT is below"));
    }

    @Test
    void futuresQuantitiesBecomeWholeContracts() {
        assertThat(sized(CONTRACTS, Side.SELL, 0.01666, null, null).quantity()).isEqualByComparingTo("166");
        assertThat(sized(CONTRACTS, Side.BUY, 0.0166, 100.17, null).price()).isEqualByComparingTo("100.1");
        assertThat(sized(CONTRACTS, Side.SELL, 0.0166, 100.11, null).price()).isEqualByComparingTo("100.2");
    }
}

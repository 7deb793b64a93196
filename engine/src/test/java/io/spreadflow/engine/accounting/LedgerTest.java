package io.spreadflow.engine.accounting;

import io.spreadflow.schemas.Side;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerTest {

    @Test
    void booksBaseQuoteAndFeesExactly() {
        Ledger l = new Ledger(Map.of("spot", new BigDecimal("1000")));
        // 0.1 + 0.2 is not 0.3 in double; the ledger never adds doubles
        l.book("spot", Side.BUY, BigDecimal.valueOf(0.1), BigDecimal.valueOf(0.1), new BigDecimal("0.0001"));
        l.book("spot", Side.BUY, BigDecimal.valueOf(0.2), BigDecimal.valueOf(0.2), new BigDecimal("0.0002"));
        assertThat(l.base("spot")).isEqualByComparingTo("0.3");
        assertThat(l.quote("spot")).isEqualByComparingTo("999.6997");
        assertThat(l.fees()).isEqualByComparingTo("0.0003");
        l.book("fut", Side.SELL, new BigDecimal("0.3"), new BigDecimal("0.33"), BigDecimal.ZERO);
        assertThat(l.base("fut")).isEqualByComparingTo("-0.3");
        assertThat(l.balances().quote("fut")).isEqualByComparingTo("0.33");
        // marked at 1.05 (spot) and 1.10 (futures): the hedged pair is worth its cash flow
        BigDecimal equity = l.equity(Map.of("spot", 1.05, "fut", 1.10));
        assertThat(equity).isEqualByComparingTo(new BigDecimal("999.6997").add(new BigDecimal("0.33"))
                .add(new BigDecimal("0.3").multiply(new BigDecimal("1.05"))).subtract(new BigDecimal("0.3").multiply(new BigDecimal("1.10"))));
    }
}

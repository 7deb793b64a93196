package io.spreadflow.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spreadflow.engine.accounting.Trade;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportFolderTest {

    private static final long S = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldWriteStrategyColumnsFirstInTheirOrderThenBookedColumns() throws Exception {
        LinkedHashMap<String, Object> c = new LinkedHashMap<>();
        c.put("entry_time_us", 1_760_157_946_000_000L);
        c.put("exit_time_us", 1_760_157_952_000_000L);
        c.put("entry_spread_pct", -0.7586020048767383);
        c.put("exit_spread_pct", -0.6724045185583628);
        c.put("exit_reason", "STOP_LOSS");
        c.put("spot_entry_price", 3.719e-05);
        c.put("futures_entry_price", 3.691e-05);
        c.put("spot_exit_price", 3.719e-05);
        c.put("futures_exit_price", 3.727e-05);
        c.put("pnl_pct", -1.0753454348415155);
        Trade t = new Trade("LUNC-USDT", "rdn", 1_760_157_946_000_000L, 1_760_157_952_000_000L, c,
                new BigDecimal("-1.2345"), new BigDecimal("0.9"), new BigDecimal("1000"));
        BacktestReport r = new BacktestReport("t", "rdn", Map.of("entry_spread_threshold", -0.3), Map.of(), List.of(t),
                List.of(), Map.of(), new BigDecimal("10000"), 1_760_157_900_000_000L, 1_760_158_000_000_000L);

        ReportFolder.write(dir, r);

        List<String> lines = Files.readAllLines(dir.resolve(ReportFolder.TRADES));
        assertThat(lines.get(0)).isEqualTo("entry_time_us,exit_time_us,entry_spread_pct,exit_spread_pct,exit_reason,"
                + "spot_entry_price,futures_entry_price,spot_exit_price,futures_exit_price,pnl_pct,"
                + "instrument,strategy,pnl_quote,fees_quote,notional_quote,funding_quote");
        String[] cells = lines.get(1).split(",");
        assertThat(Long.parseLong(cells[0])).isEqualTo(1_760_157_946_000_000L);
        assertThat(cells[4]).isEqualTo("STOP_LOSS");
        assertThat(Double.parseDouble(cells[5])).isEqualTo(3.719e-05);
        assertThat(Double.parseDouble(cells[9])).isEqualTo(-1.0753454348415155);
        assertThat(cells[10]).isEqualTo("LUNC-USDT");
        assertThat(cells[12]).isEqualTo("-1.2345");

        JsonNode m = new ObjectMapper().readTree(dir.resolve(ReportFolder.METRICS).toFile());
        assertThat(m.get("trades").asInt()).isEqualTo(1);
        assertThat(m.get("total_pnl_quote").decimalValue()).isEqualByComparingTo("-1.2345");
        assertThat(m.get("fees_quote").decimalValue()).isEqualByComparingTo("0.9");
        assertThat(m.get("reference_pnl_pct_sum").asDouble()).isEqualTo(-1.0753454348415155);
        assertThat(m.get("sharpe").isNull()).isTrue();
        for (String key : List.of("total_pnl_pct", "win_rate", "average_trade_pnl_quote", "worst_trade_pnl_quote",
                "sortino", "max_drawdown_pct", "average_holding_seconds", "exposure")) {
            assertThat(m.has(key)).as(key).isTrue();
        }

        List<String> equity = Files.readAllLines(dir.resolve(ReportFolder.EQUITY));
        assertThat(equity.get(0)).startsWith("time_us,time_utc,equity_quote");
        assertThat(equity).hasSize(3);
        assertThat(equity.get(2)).contains(",9998.7655,");
        assertThat(Files.readString(dir.resolve(ReportFolder.HTML))).contains("data-expected=\"2\"");
    }
}

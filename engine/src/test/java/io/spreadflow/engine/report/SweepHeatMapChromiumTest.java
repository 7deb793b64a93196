package io.spreadflow.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep heat map in headless Chromium: a 3 × 2 grid of two thresholds, with a third parameter whose
 * two values each cell must pick the best of. Expected cells are computed here from the same sets.
 */
class SweepHeatMapChromiumTest {

    private static final List<String> ENTRY = List.of("-0.3", "-0.5", "-0.7");
    private static final List<String> EXIT = List.of("-0.1", "-0.2");
    private static final List<String> FEES = List.of("0.001", "0.002");

    @Test
    void shouldShowTheBestValueOfEachPairAndFollowTheChosenMetricAndAxes() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        List<Map<String, String>> params = new ArrayList<>();
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (String entry : ENTRY) {
            for (String exit : EXIT) {
                for (String fee : FEES) {
                    params.add(Map.of("entry_spread_threshold", entry, "exit_spread_threshold", exit, "total_fees", fee));
                    double e = Double.parseDouble(entry), x = Double.parseDouble(exit), f = Double.parseDouble(fee);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("total_pnl_quote", new BigDecimal(Double.toString(Math.round((100 * e * x - 4000 * f + e) * 1e6) / 1e6)));
                    m.put("max_drawdown_pct", 1000 * f - e);
                    m.put("trades", (int) (10 - 10 * e + 1000 * f));
                    metrics.add(m);
                }
            }
        }
        String section = SweepHeatMap.section("total_pnl_quote", List.of("entry_spread_threshold", "exit_spread_threshold",
                "total_fees"), params, metrics);
        Path dir = Path.of("target").toAbsolutePath().resolve("sweep-heat-map");
        Files.createDirectories(dir);
        Path html = dir.resolve("sweep.html");
        Files.writeString(html, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>sweep</title></head><body>"
                + section + "</body></html>", StandardCharsets.UTF_8);

        try (ChromiumDevTools page = chromium.devTools(dir, 1000, 700)) {
            page.open(html, "document.getElementById('heat-map').getAttribute('data-cells') !== '0'");
            assertThat(page.eval("document.getElementById('heat-map').getAttribute('data-errors')").asText()).isEqualTo("0");
            assertCells(page, "entry_spread_threshold", "exit_spread_threshold", "total_pnl_quote", params, metrics, true);
            page.screenshot(Path.of("target").toAbsolutePath().resolve("sweep-heat-map.png"));

            // a drawdown: the smallest value wins
            page.eval("var s = document.getElementById('hm-metric'); s.value = 'max_drawdown_pct';"
                    + " s.dispatchEvent(new Event('change'))");
            page.waitFor("document.getElementById('heat-map').getAttribute('data-metric')", v -> v.asText().equals("max_drawdown_pct"),
                    Duration.ofSeconds(5));
            assertCells(page, "entry_spread_threshold", "exit_spread_threshold", "max_drawdown_pct", params, metrics, false);

            // other axes: fees across, entry down
            page.eval("var x = document.getElementById('hm-x'); x.value = 'total_fees'; x.dispatchEvent(new Event('change'));"
                    + " var y = document.getElementById('hm-y'); y.value = 'entry_spread_threshold'; y.dispatchEvent(new Event('change'))");
            page.waitFor("document.getElementById('heat-map').getAttribute('data-cells')", v -> v.asText().equals("6"),
                    Duration.ofSeconds(5));
            assertCells(page, "total_fees", "entry_spread_threshold", "max_drawdown_pct", params, metrics, false);
        }
    }

    @Test
    void shouldLeaveTheHeatMapOutWhenOnlyOneParameterVaries() {
        List<Map<String, String>> params = List.of(Map.of("a", "1", "b", "x"), Map.of("a", "2", "b", "x"));
        List<Map<String, Object>> metrics = List.of(Map.of("trades", 1), Map.of("trades", 2));
        assertThat(SweepHeatMap.section("trades", List.of("a", "b"), params, metrics)).isEmpty();
    }

    /** Every cell against the best value of its pair, found here over the sets. */
    private static void assertCells(ChromiumDevTools page, String kx, String ky, String metric, List<Map<String, String>> params,
                                    List<Map<String, Object>> metrics, boolean largerBetter) throws Exception {
        Map<String, BigDecimal> best = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            String key = params.get(i).get(kx) + "|" + params.get(i).get(ky);
            BigDecimal v = new BigDecimal(metrics.get(i).get(metric).toString());
            best.merge(key, v, (a, b) -> (largerBetter ? a.compareTo(b) >= 0 : a.compareTo(b) <= 0) ? a : b);
        }
        JsonNode cells = page.eval("Array.from(document.querySelectorAll('#hm-table td')).map(function (td) {"
                + " return [td.getAttribute('data-x'), td.getAttribute('data-y'), td.textContent]; })");
        assertThat(cells.size()).as("one cell per pair of %s and %s", kx, ky).isEqualTo(best.size());
        for (JsonNode c : cells) {
            String key = c.get(0).asText() + "|" + c.get(1).asText();
            assertThat(best).as("pair %s", key).containsKey(key);
            ShownReport.assertClose(c.get(2).asText(), best.get(key), metric + " at " + key);
        }
    }
}

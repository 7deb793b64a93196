package io.spreadflow.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report folder's {@code trades.csv} and {@code metrics.json}, parsed here and not by the page, and
 * the checks that the page shows the same numbers: every trade cell, every metric, the figures of each
 * instrument, and totals summed here from the trades.
 */
record ShownReport(List<String> header, List<Map<String, String>> trades, JsonNode metrics) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    /** The page shows seven significant digits: half a unit of the seventh is the most it may be off. */
    private static final double RELATIVE = 5.0001e-7;

    static ShownReport of(Path dir) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve(ReportFolder.TRADES), StandardCharsets.UTF_8);
        List<String> header = csvCells(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) continue;
            List<String> cells = csvCells(line);
            assertThat(cells).as("cells of %s", line).hasSameSizeAs(header);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) row.put(header.get(i), cells.get(i));
            rows.add(row);
        }
        return new ShownReport(header, rows, JSON.readTree(dir.resolve(ReportFolder.METRICS).toFile()));
    }

    void assertPageMatches(ChromiumDevTools page) throws Exception {
        assertTradeTable(page.eval("Array.from(document.querySelectorAll('table.trades tbody tr')).map(function (tr) {"
                + " var o = { '@trade': tr.getAttribute('data-trade'),"
                + " '@instrument': tr.closest('section').getAttribute('data-instrument') };"
                + " Array.from(tr.children).forEach(function (td) { o[td.getAttribute('data-col')] = td.textContent; });"
                + " return o; })"));
        assertMetrics(keyValues(page, "#metrics"));
        assertParameters(keyValues(page, "#params"));
        assertInstruments(page.eval("Array.from(document.querySelectorAll('section.instrument')).map(function (s) {"
                + " var o = { '@instrument': s.getAttribute('data-instrument'),"
                + " '@rows': s.querySelectorAll('table.trades tbody tr').length };"
                + " Array.from(s.querySelectorAll('.figures td')).forEach(function (td) { o[td.getAttribute('data-key')] = td.textContent; });"
                + " return o; })"));
    }

    private void assertTradeTable(JsonNode rows) {
        assertThat(rows.size()).as("a table row per trades.csv row").isEqualTo(trades.size());
        Set<Integer> seen = new HashSet<>();
        for (JsonNode row : rows) {
            int i = Integer.parseInt(row.get("@trade").asText());
            assertThat(seen.add(i)).as("trade %s shown once", i).isTrue();
            Map<String, String> csv = trades.get(i);
            assertThat(row.get("@instrument").asText()).as("section of trade %s", i).isEqualTo(csv.get("instrument"));
            for (String col : header) {
                if (col.equals("instrument") || col.equals("strategy")) continue;
                assertThat(row.has(col)).as("trade %s shows %s", i, col).isTrue();
                assertShown(row.get(col).asText(), csv.get(col), col.endsWith("_us"), "trade " + i + " " + col);
            }
        }
    }

    private void assertMetrics(Map<String, String> shown) {
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isContainerNode() || e.getKey().equals("strategy")) continue;
            assertThat(shown).as("metric %s shown", e.getKey()).containsKey(e.getKey());
            assertShown(shown.get(e.getKey()), v.isNull() ? "" : v.asText(), e.getKey().endsWith("_us"), "metric " + e.getKey());
        }
        // the totals once more, summed here from trades.csv
        BigDecimal pnl = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        int wins = 0;
        for (Map<String, String> t : trades) {
            BigDecimal p = new BigDecimal(t.get("pnl_quote"));
            pnl = pnl.add(p);
            if (p.signum() > 0) wins++;
            if (!t.get("fees_quote").isEmpty()) fees = fees.add(new BigDecimal(t.get("fees_quote")));
        }
        assertThat(shown.get("trades")).isEqualTo(Integer.toString(trades.size()));
        assertThat(shown.get("winning_trades")).isEqualTo(Integer.toString(wins));
        assertClose(shown.get("total_pnl_quote"), pnl, "total_pnl_quote summed from trades.csv");
        assertClose(shown.get("fees_quote"), fees, "fees_quote summed from trades.csv");
        if (!trades.isEmpty()) {
            assertClose(shown.get("win_rate"), BigDecimal.valueOf(wins).divide(BigDecimal.valueOf(trades.size()), MathContext.DECIMAL64),
                    "win_rate counted from trades.csv");
        }
    }

    private void assertParameters(Map<String, String> shown) {
        JsonNode params = metrics.get("parameters");
        assertThat(shown.keySet()).as("parameters shown").containsExactlyInAnyOrderElementsOf(
                () -> params.fieldNames());
        params.fields().forEachRemaining(e -> {
            if (!e.getValue().isContainerNode()) {
                assertShown(shown.get(e.getKey()), e.getValue().asText(), false, "parameter " + e.getKey());
            }
        });
    }

    private void assertInstruments(JsonNode sections) {
        Map<String, List<Map<String, String>>> by = new TreeMap<>();
        for (Map<String, String> t : trades) by.computeIfAbsent(t.get("instrument"), k -> new ArrayList<>()).add(t);
        Map<String, JsonNode> shown = new TreeMap<>();
        for (JsonNode s : sections) shown.put(s.get("@instrument").asText(), s);
        assertThat(shown.keySet()).as("a section per traded instrument").containsAll(by.keySet());
        for (Map.Entry<String, List<Map<String, String>>> e : by.entrySet()) {
            JsonNode s = shown.get(e.getKey());
            JsonNode expected = metrics.get("by_instrument").get(e.getKey());
            BigDecimal pnl = BigDecimal.ZERO;
            for (Map<String, String> t : e.getValue()) pnl = pnl.add(new BigDecimal(t.get("pnl_quote")));
            assertThat(s.get("@rows").asInt()).as("%s trade rows", e.getKey()).isEqualTo(e.getValue().size());
            assertThat(s.get("trades").asText()).as("%s trades", e.getKey()).isEqualTo(Integer.toString(e.getValue().size()))
                    .isEqualTo(expected.get("trades").asText());
            assertClose(s.get("total_pnl_quote").asText(), pnl, e.getKey() + " total_pnl_quote summed from trades.csv");
            assertClose(s.get("total_pnl_quote").asText(), expected.get("total_pnl_quote").decimalValue(),
                    e.getKey() + " total_pnl_quote of metrics.json by_instrument");
            assertClose(s.get("fees_quote").asText(), expected.get("fees_quote").decimalValue(), e.getKey() + " fees_quote");
        }
    }

    private static Map<String, String> keyValues(ChromiumDevTools page, String table) throws Exception {
        JsonNode n = page.eval("Array.from(document.querySelectorAll('" + table + " tr')).map(function (tr) {"
                + " return [tr.getAttribute('data-key'), tr.querySelector('td').textContent]; })");
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode kv : n) out.put(kv.get(0).asText(), kv.get(1).asText());
        return out;
    }

    /** A shown cell against the file's text: a UTC time, a number to seven digits, or the same text. */
    static void assertShown(String shown, String file, boolean time, String what) {
        assertThat(shown).as(what).isNotNull();
        if (file == null || file.isEmpty()) {
            assertThat(shown).as(what).isEqualTo("—");
        } else if (time) {
            assertThat(shown).as(what).isEqualTo(utc(Long.parseLong(file)));
        } else if (isNumber(file)) {
            assertClose(shown, new BigDecimal(file), what);
        } else {
            assertThat(shown).as(what).isEqualTo(file);
        }
    }

    static void assertClose(String shown, BigDecimal expected, String what) {
        assertThat(isNumber(shown)).as("%s: '%s' is a number", what, shown).isTrue();
        BigDecimal diff = new BigDecimal(shown).subtract(expected).abs();
        double allowed = Math.max(RELATIVE * expected.abs().doubleValue(), 1e-12);
        assertThat(diff.doubleValue()).as("%s: shown %s, file %s", what, shown, expected.toPlainString()).isLessThanOrEqualTo(allowed);
    }

    static String utc(long us) {
        Instant t = Instant.ofEpochSecond(0, Math.round(us / 1000.0) * 1_000_000L);
        return (t.getNano() == 0 ? SECONDS : MILLIS).format(t);
    }

    private static boolean isNumber(String s) {
        try {
            new BigDecimal(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** One CSV line: comma-separated, a quoted cell may hold commas and doubled quotes. */
    static List<String> csvCells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}

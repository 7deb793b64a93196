package io.spreadflow.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Drives report.html in headless Chromium with real mouse input (DevTools {@code Input.dispatchMouseEvent})
 * and reads the charts' visible time ranges from the page's read-only {@code window.__report}: wheel and
 * drag zoom, shift-drag pan and double-click reset move every chart together, clicking a trade row
 * moves the charts to that trade, and a header click sorts. Screenshots go to {@code target/}.
 */
class ReportPageInteractionTest {

    /** The page drew every chart it meant to. */
    static final String READY = "document.readyState === 'complete' && document.body.getAttribute('data-rendered') !== '0'"
            + " && document.body.getAttribute('data-rendered') === document.body.getAttribute('data-expected')"
            + " && !!window.__report";

    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path DIR = TARGET.resolve("report-interaction");

    private static ChromiumDevTools page;
    private static ShownReport files;

    @BeforeAll
    static void openReport() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        ReportFolder.write(DIR, ReportPageChromiumTest.sampleReport());
        files = ShownReport.of(DIR);
        page = chromium.devTools(DIR, 1300, 1400);
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        if (page != null) page.close();
    }

    @BeforeEach
    void reload() throws Exception {
        page.open(DIR.resolve(ReportFolder.HTML), READY);
        assertThat(page.eval("document.body.getAttribute('data-errors')").asText()).as("script errors: %s",
                page.eval("document.getElementById('errors').textContent").asText()).isEqualTo("0");
    }

    @Test
    void shouldShareOneTimeRangeAcrossAllChartsAtStart() throws Exception {
        double[] period = pair(page.eval("window.__report.period()"));
        Map<String, double[]> ranges = ranges();
        assertThat(ranges.keySet()).containsExactlyInAnyOrder("equity", "drawdown", "spread:LUNC-USDT", "spread:BTC-USDT");
        ranges.forEach((name, r) -> {
            assertThat(r[0]).as("%s start", name).isCloseTo(period[0], within(1e-6));
            assertThat(r[1]).as("%s end", name).isCloseTo(period[1], within(1e-6));
        });
        assertThat(period[0]).isEqualTo(ReportPageChromiumTest.T0 / 1e6);
    }

    @Test
    void shouldZoomEveryChartWithTheWheelAroundThePointer() throws Exception {
        double[] before = ranges().get("equity");
        double[] box = plot("#equity");
        double frac = 0.25;
        page.wheel(box[0] + frac * box[2], box[1] + box[3] / 2, -120);
        Map<String, double[]> after = waitForChange("equity", before);

        double span = before[1] - before[0];
        double at = before[0] + frac * span;
        double[] eq = after.get("equity");
        assertThat(eq[1] - eq[0]).as("zoomed in").isLessThan(span * 0.8);
        assertThat(eq[0]).as("the time under the pointer stays put").isCloseTo(at - (at - before[0]) * (eq[1] - eq[0]) / span,
                within(span * 0.01));
        assertSameRange(after);
        page.screenshot(TARGET.resolve("report-zoom-wheel.png"));
    }

    @Test
    void shouldZoomEveryChartToADraggedSelection() throws Exception {
        double[] before = ranges().get("spread:LUNC-USDT");
        double[] box = plot("section[data-instrument='LUNC-USDT'] .chart");
        page.drag(box[0] + 0.3 * box[2], box[1] + box[3] / 2, box[0] + 0.6 * box[2], box[1] + box[3] / 2, 0);
        Map<String, double[]> after = waitForChange("equity", before);

        double span = before[1] - before[0];
        double[] r = after.get("equity");
        assertThat(r[0]).as("selection start").isCloseTo(before[0] + 0.3 * span, within(span * 0.01));
        assertThat(r[1]).as("selection end").isCloseTo(before[0] + 0.6 * span, within(span * 0.01));
        assertSameRange(after);
        page.screenshot(TARGET.resolve("report-zoom-drag.png"));

        // shift-drag pans: same span, moved by the dragged share of it
        double[] drawdown = plot("#drawdown");
        page.drag(drawdown[0] + 0.5 * drawdown[2], drawdown[1] + drawdown[3] / 2,
                drawdown[0] + 0.3 * drawdown[2], drawdown[1] + drawdown[3] / 2, ChromiumDevTools.SHIFT);
        Map<String, double[]> panned = waitForChange("equity", r);
        double[] p = panned.get("spread:BTC-USDT");
        double zoomed = r[1] - r[0];
        assertThat(p[1] - p[0]).as("pan keeps the span").isCloseTo(zoomed, within(zoomed * 1e-6));
        assertThat(p[0]).as("dragged left shows later times").isCloseTo(r[0] + 0.2 * zoomed, within(zoomed * 0.02));
        assertSameRange(panned);

        // double-click shows the whole period again
        double[] period = pair(page.eval("window.__report.period()"));
        page.doubleClick(box[0] + box[2] / 2, box[1] + box[3] / 2);
        Map<String, double[]> whole = waitForChange("equity", p);
        assertThat(whole.get("drawdown")[0]).isCloseTo(period[0], within(1e-6));
        assertThat(whole.get("drawdown")[1]).isCloseTo(period[1], within(1e-6));
        assertSameRange(whole);
    }

    @Test
    void shouldMoveTheChartsToATradeWhenItsRowIsClicked() throws Exception {
        // the last LUNC trade (row 2 of trades.csv), read from the file, not from the page
        int trade = 2;
        Map<String, String> csv = files.trades().get(trade);
        assertThat(csv.get("instrument")).isEqualTo("LUNC-USDT");
        double entry = Long.parseLong(csv.get("entry_time_us")) / 1e6;
        double exit = Long.parseLong(csv.get("exit_time_us")) / 1e6;
        // first look elsewhere: a range that does not hold the trade
        double[] box = plot("#equity");
        page.drag(box[0] + 0.02 * box[2], box[1] + box[3] / 2, box[0] + 0.2 * box[2], box[1] + box[3] / 2, 0);
        double[] elsewhere = waitForChange("equity", pair(page.eval("window.__report.period()"))).get("equity");
        assertThat(elsewhere[1]).as("precondition: the trade is out of view").isLessThan(entry);

        double[] cell = rect("tr[data-trade='" + trade + "'] td[data-col='exit_reason']");
        page.click(cell[0] + cell[2] / 2, cell[1] + cell[3] / 2);
        Map<String, double[]> after = waitForChange("equity", elsewhere);

        assertThat(page.eval("window.__report.selectedTrade()").asInt()).isEqualTo(trade);
        assertThat(page.eval("document.querySelector(\"tr[data-trade='" + trade + "']\").classList.contains('selected')")
                .asBoolean()).as("the row is marked").isTrue();
        after.forEach((name, r) -> {
            assertThat(r[0]).as("%s starts before the entry", name).isLessThan(entry);
            assertThat(r[1]).as("%s ends after the exit", name).isGreaterThan(exit);
            assertThat(r[1] - r[0]).as("%s is zoomed to the trade", name).isLessThan(4 * Math.max(exit - entry, 60));
        });
        assertSameRange(after);
        page.eval("document.querySelector(\"section[data-instrument='LUNC-USDT']\").scrollIntoView()");
        page.screenshot(TARGET.resolve("report-trade-click.png"));
    }

    @Test
    void shouldShowTheValuesUnderTheCrosshairInEveryChart() throws Exception {
        // the pointer just after the first trade's exit, where the equity steps up by its pnl
        Map<String, String> first = files.trades().get(0);
        double exit = Long.parseLong(first.get("exit_time_us")) / 1e6;
        double[] period = pair(page.eval("window.__report.period()"));
        double[] box = plot("#equity");
        double x = box[0] + (exit + 2 - period[0]) / (period[1] - period[0]) * box[2];
        page.mouse("mouseMoved", x, box[1] + box[3] / 2, 0, 0);
        JsonNode legends = page.waitFor("Array.from(document.querySelectorAll('.uplot')).map(function (p) {"
                + " return Array.from(p.querySelectorAll('.u-legend .u-value')).map(function (v) { return v.textContent; }); })",
                v -> v.get(0).get(1).asText().matches("-?[0-9.]+"), Duration.ofSeconds(10));

        // equity.csv, read here: the point at the shown time
        String shownTime = legends.get(0).get(0).asText();
        String equity = null;
        for (String line : java.nio.file.Files.readAllLines(DIR.resolve(ReportFolder.EQUITY)).subList(1, 4)) {
            String[] cells = line.split(",");
            if (ShownReport.utc(Long.parseLong(cells[0])).equals(shownTime)) equity = cells[2];
        }
        assertThat(shownTime).as("the crosshair is at the first exit").isEqualTo(ShownReport.utc(Long.parseLong(first.get("exit_time_us"))));
        assertThat(equity).as("equity.csv has a point at %s", shownTime).isNotNull();
        ShownReport.assertClose(legends.get(0).get(1).asText(), new BigDecimal(equity), "equity under the crosshair");
        assertThat(legends.size()).as("every chart").isEqualTo(4);
        for (JsonNode chart : legends) {
            assertThat(chart.get(0).asText()).as("each chart shows a time").startsWith(shownTime.substring(0, 16));
            assertThat(chart.get(1).asText()).as("and a value").matches("-?[0-9.]+(e-?[0-9]+)?");
        }
        page.screenshotViewport(TARGET.resolve("report-crosshair.png"));
    }

    @Test
    void shouldSortTheTradesByAClickedColumn() throws Exception {
        String table = "section[data-instrument='LUNC-USDT'] table.trades";
        List<Integer> byPnl = new ArrayList<>();
        for (int i = 0; i < files.trades().size(); i++) {
            if (files.trades().get(i).get("instrument").equals("LUNC-USDT")) byPnl.add(i);
        }
        byPnl.sort(Comparator.comparing(i -> new BigDecimal(files.trades().get(i).get("pnl_quote"))));
        assertThat(order(table)).as("precondition: entry order differs from pnl order").isNotEqualTo(byPnl);

        double[] th = rect(table + " th[data-col='pnl_quote']");
        page.click(th[0] + th[2] / 2, th[1] + th[3] / 2);
        assertThat(order(table)).as("ascending pnl_quote").isEqualTo(byPnl);

        page.click(th[0] + th[2] / 2, th[1] + th[3] / 2);
        List<Integer> descending = new ArrayList<>(byPnl);
        java.util.Collections.reverse(descending);
        assertThat(order(table)).as("descending pnl_quote").isEqualTo(descending);
    }

    private static List<Integer> order(String table) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (JsonNode n : page.eval("Array.from(document.querySelectorAll(\"" + table + " tbody tr\"))"
                + ".map(function (tr) { return +tr.getAttribute('data-trade'); })")) out.add(n.asInt());
        return out;
    }

    private static Map<String, double[]> ranges() throws Exception {
        Map<String, double[]> out = new java.util.TreeMap<>();
        page.eval("window.__report.ranges()").fields().forEachRemaining(e -> out.put(e.getKey(), pair(e.getValue())));
        return out;
    }

    /** Waits until the named chart's range differs from {@code before}, then for the others to follow. */
    private static Map<String, double[]> waitForChange(String chart, double[] before) throws Exception {
        page.waitFor("window.__report.ranges()['" + chart + "']",
                v -> Math.abs(v.get(0).asDouble() - before[0]) > 1e-9 || Math.abs(v.get(1).asDouble() - before[1]) > 1e-9,
                Duration.ofSeconds(10));
        page.waitFor("(function () { var r = window.__report.ranges(), k = Object.keys(r);"
                + " return k.every(function (n) { return r[n][0] === r[k[0]][0] && r[n][1] === r[k[0]][1]; }); })()",
                JsonNode::asBoolean, Duration.ofSeconds(10));
        return ranges();
    }

    private static void assertSameRange(Map<String, double[]> ranges) {
        double[] eq = ranges.get("equity");
        ranges.forEach((name, r) -> assertThat(r).as("%s shares the equity chart's range", name).containsExactly(eq));
    }

    /** The plot area of the chart in {@code selector}, scrolled into view: left, top, width, height (CSS px). */
    private static double[] plot(String selector) throws Exception {
        return rect(selector + " .u-over");
    }

    private static double[] rect(String selector) throws Exception {
        JsonNode r = page.eval("(function () { var e = document.querySelector(\"" + selector + "\");"
                + " e.scrollIntoView({ block: 'center' }); var b = e.getBoundingClientRect();"
                + " return [b.left, b.top, b.width, b.height]; })()");
        assertThat(r.isArray()).as("element %s", selector).isTrue();
        return new double[] {r.get(0).asDouble(), r.get(1).asDouble(), r.get(2).asDouble(), r.get(3).asDouble()};
    }

    private static double[] pair(JsonNode n) {
        return new double[] {n.get(0).asDouble(), n.get(1).asDouble()};
    }
}

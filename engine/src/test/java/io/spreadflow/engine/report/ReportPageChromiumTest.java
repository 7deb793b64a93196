package io.spreadflow.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.spreadflow.engine.DefaultInstrumentEngine;
import io.spreadflow.engine.EngineState;
import io.spreadflow.engine.RecordingOutput;
import io.spreadflow.engine.accounting.Trade;
import io.spreadflow.engine.config.StrategyConfig;
import io.spreadflow.engine.golden.GoldenCase;
import io.spreadflow.schemas.BookTicker;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens a written report.html in headless Chromium: every chart is drawn with no script error and no
 * external resource (a generated two-instrument sample), and the numbers shown for a real backtest (the
 * rdn golden case through the engine) match its trades.csv and metrics.json, read here.
 */
class ReportPageChromiumTest {

    private static final long S = 1_000_000L;
    static final long T0 = 1_760_156_314L * S;

    @Test
    void shouldRenderEveryChartOfferingTablesAndNoExternalResources() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        Path target = Path.of("target").toAbsolutePath();
        Path dir = target.resolve("report-chromium");
        ReportFolder.write(dir, sampleReport());
        Path html = dir.resolve(ReportFolder.HTML);
        String page = Files.readString(html);
        assertThat(page).as("self-contained: no external scripts, styles, fonts or images")
                .doesNotContainPattern("(?i)<script[^>]*\\ssrc\\s*=")
                .doesNotContainPattern("(?i)<link[\\s>]")
                .doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?(https?:)?//")
                .doesNotContainPattern("(?i)url\\(\\s*[\"']?(https?:)?//")
                .doesNotContain("@import");
        assertThat(page).as("the charting library is inlined").contains("var uPlot=", "uplot 1.6.32", "MIT License");

        String dom = chromium.dumpDom(html, dir);

        assertThat(attr(dom, "data-errors")).as("script errors: %s", errorsOf(dom)).isEqualTo("0");
        assertThat(attr(dom, "data-expected")).as("equity, drawdown and two spread charts").isEqualTo("4");
        assertThat(attr(dom, "data-rendered")).as("charts drawn").isEqualTo("4");
        assertThat(count(dom, "<canvas")).as("one canvas per chart").isEqualTo(4);
        assertThat(count(dom, "class=\"instrument\"")).as("a section per instrument").isEqualTo(2);
        assertThat(count(dom, "<tr data-trade=")).as("a row per trade").isEqualTo(3);
        assertThat(dom).contains("<tr data-key=\"max_drawdown_pct\">", "<tr data-key=\"sharpe\">",
                "<tr data-key=\"entry_spread_threshold\">");

        Path png = target.resolve("report.png");
        Files.deleteIfExists(png);
        chromium.screenshot(html, dir, png, 1300, 2400);
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(10_000L);
    }

    @Test
    void shouldShowTheNumbersOfTradesCsvAndMetricsJson() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require();
        Path dir = Path.of("target").toAbsolutePath().resolve("report-chromium-rdn");
        BacktestReport report = rdnReport();
        ReportFolder.write(dir, report);
        ShownReport shown = ShownReport.of(dir);
        assertThat(shown.trades()).as("the golden case trades").hasSizeGreaterThan(2);

        try (ChromiumDevTools page = chromium.devTools(dir, 1300, 1800)) {
            page.open(dir.resolve(ReportFolder.HTML), ReportPageInteractionTest.READY);
            shown.assertPageMatches(page);
            page.screenshot(Path.of("target").toAbsolutePath().resolve("report-rdn.png"));
            // the fourth trade zoomed in, for a look at entries and exits on the real spread
            page.eval("document.querySelector(\"tr[data-trade='3'] td\").scrollIntoView({ block: 'center' })");
            JsonNode cell = page.eval("(function () { var b = document.querySelector(\"tr[data-trade='3'] td\")"
                    + ".getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; })()");
            page.click(cell.get(0).asDouble(), cell.get(1).asDouble());
            assertThat(page.eval("window.__report.selectedTrade()").asInt()).isEqualTo(3);
            page.screenshot(Path.of("target").toAbsolutePath().resolve("report-rdn-trade.png"));
        }
    }

    /** The rdn golden case through the engine, with its spread sampled. */
    static BacktestReport rdnReport() throws java.io.IOException {
        GoldenCase rdn = GoldenCase.all().stream().filter(c -> c.name().equals("rdn_lunc_1s_real")).findFirst().orElseThrow();
        List<BookTicker> ticks = rdn.ticks();
        StrategyConfig cfg = rdn.config();
        DefaultInstrumentEngine engine = DefaultInstrumentEngine.create(cfg);
        String instrument = ticks.get(0).getInstrument();
        EngineState state = engine.newState(instrument);
        RecordingOutput out = new RecordingOutput();
        SpreadTracker spread = new SpreadTracker(instrument, cfg.venues().spot(), cfg.venues().futures(), cfg.barMicros());
        for (BookTicker t : ticks) {
            engine.onTick(state, t, out);
            spread.onQuote(t.getVenue().toString(), t.getReceiveTsUs(), t.getBidPrice(), t.getAskPrice());
        }
        engine.onEndOfInput(state, out);
        int expectedTrades = rdn.json().get("expected").get("trades").asInt();
        assertThat(out.trades).as("the golden case's trades").hasSize(expectedTrades);
        Map<String, Object> params = new LinkedHashMap<>(cfg.params());
        return new BacktestReport("rdn backtest: " + rdn.name(), "rdn", params,
                Map.of("mode", "engine", "ticks", ticks.size()), out.trades, List.of(spread.series()),
                BacktestReport.spreadThresholds(params), new BigDecimal("10000"), ticks.get(0).getReceiveTsUs(),
                ticks.get(ticks.size() - 1).getReceiveTsUs());
    }

    static BacktestReport sampleReport() {
        SpreadTracker lunc = new SpreadTracker("LUNC-USDT", List.of("mexc-spot"), "gateio-futures", S);
        SpreadTracker btc = new SpreadTracker("BTC-USDT", List.of("binance-spot"), "binance-usdm", S);
        for (int i = 0; i < 600; i++) {
            long t = T0 + i * S;
            double wave = Math.sin(i / 40.0);
            lunc.onQuote("gateio-futures", t, 3.70e-5 * (1 + 0.004 * wave), 3.71e-5 * (1 + 0.004 * wave));
            lunc.onQuote("mexc-spot", t + 10, 3.70e-5, 3.705e-5);
            btc.onQuote("binance-usdm", t, 60_000 + 30 * wave, 60_000.1 + 30 * wave);
            btc.onQuote("binance-spot", t + 5, 60_010, 60_010.01);
        }
        List<Trade> trades = new ArrayList<>();
        trades.add(trade("LUNC-USDT", 100, 160, -0.55, -0.2, "SPREAD_COMPRESSION", "3.1"));
        trades.add(trade("LUNC-USDT", 300, 330, -0.6, -0.8, "STOP_LOSS", "-4.2"));
        trades.add(trade("BTC-USDT", 200, 420, -0.05, -0.01, "MAX_TIME", "1.05"));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("entry_spread_threshold", -0.5);
        params.put("exit_spread_threshold", -0.3);
        params.put("stop_loss_threshold", -0.7);
        params.put("total_fees", 0.001);
        return new BacktestReport("rdn backtest (sample)", "rdn", params, Map.of("mode", "batch", "ticks", 2400),
                trades, List.of(lunc.series(), btc.series()), BacktestReport.spreadThresholds(params),
                new BigDecimal("10000"), T0, T0 + 600 * S);
    }

    private static Trade trade(String inst, long entryS, long exitS, double entrySpread, double exitSpread, String reason, String pnl) {
        LinkedHashMap<String, Object> c = new LinkedHashMap<>();
        c.put("entry_time_us", T0 + entryS * S);
        c.put("exit_time_us", T0 + exitS * S);
        c.put("entry_spread_pct", entrySpread);
        c.put("exit_spread_pct", exitSpread);
        c.put("exit_reason", reason);
        c.put("pnl_pct", Double.parseDouble(pnl) / 10);
        return new Trade(inst, "rdn", T0 + entryS * S, T0 + exitS * S, c, new BigDecimal(pnl), new BigDecimal("0.2"), new BigDecimal("1000"));
    }

    static String attr(String dom, String name) {
        Matcher m = Pattern.compile("<body[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : null;
    }

    static String errorsOf(String dom) {
        Matcher m = Pattern.compile("<pre id=\"errors\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        return m.find() ? m.group(1) : "";
    }

    static int count(String dom, String needle) {
        int n = 0;
        for (int i = dom.indexOf(needle); i >= 0; i = dom.indexOf(needle, i + 1)) n++;
        return n;
    }
}

package io.spreadflow.engine.report;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The self-contained {@code report.html}: data inlined as JSON, charts drawn by the inlined uPlot
 * library and the page's own script, so the page opens offline.
 *
 * <p>The charts share one time axis: zoom (drag, wheel) and pan (shift-drag) in one chart moves all
 * of them, and the crosshair shows every chart's values at the same time. Each instrument gets a
 * section with its figures, its spread chart (thresholds, entry and exit markers) and a sortable table
 * of its trades; clicking a trade zooms the charts to it.
 *
 * <p>The script sets {@code data-rendered} on {@code <body>} to the number of charts it drew
 * ({@code data-expected} holds how many it should draw); script errors are collected into
 * {@code #errors} and {@code data-errors}, so a headless browser can tell a rendered page from a broken
 * one. {@code window.__report} exposes the charts' visible time ranges and the selected trade for
 * reading.
 */
public final class ReportPage {

    /** Spread charts drawn at most; the instruments with the most trades come first. */
    public static final int MAX_SPREAD_CHARTS = 12;
    /** Points per spread line at most; longer series are reduced to run minima and maxima. */
    public static final int MAX_POINTS = 10_000;

    private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Z_]+)@@");

    private ReportPage() {}

    public static String render(BacktestReport report, PerformanceMetrics metrics, EquityCurve equity) {
        Map<String, Object> data = ReportPageData.of(report, metrics, equity);
        long spreadCharts = ((java.util.List<?>) data.get("instruments")).stream()
                .filter(i -> ((Map<?, ?>) i).containsKey("spread")).count();
        String json = ReportFolder.json(data).replace("</", "<\\/");
        ReportPageAssets a = ReportPageAssets.get();
        Map<String, String> values = Map.of(
                "TITLE", escape(report.title()),
                "EXPECTED", Long.toString(2 + spreadCharts),
                "CHART_NOTICE", a.chartNotice(),
                "CHART_CSS", a.chartCss(),
                "PAGE_CSS", a.pageCss(),
                "CHART_JS", a.chartJs(),
                "PAGE_JS", a.pageJs(),
                "DATA", json);
        // one pass, so a placeholder-like text inside the data or the library stays as it is
        Matcher m = PLACEHOLDER.matcher(a.template());
        StringBuilder sb = new StringBuilder(a.template().length() + json.length() + a.chartJs().length() + 4096);
        int last = 0;
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) throw new IllegalStateException("unknown placeholder " + m.group() + " in the report template");
            sb.append(a.template(), last, m.start()).append(v);
            last = m.end();
        }
        return sb.append(a.template(), last, a.template().length()).toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package io.spreadflow.engine.report;

import io.spreadflow.engine.accounting.Trade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The self-contained {@code report.html}: data inlined as JSON, charts drawn as inline SVG by an inline
 * script — no network access, so the page opens offline. The script sets {@code data-rendered} on
 * {@code <body>} to the number of charts it drew (and {@code data-expected} holds how many it should
 * draw); script errors are collected into {@code #errors} and {@code data-errors}, so a headless
 * browser can tell a rendered page from a broken one.
 */
public final class ReportPage {

    /** Spread charts drawn at most; the instruments with the most trades come first. */
    public static final int MAX_SPREAD_CHARTS = 12;
    /** Points per chart line at most; longer series are reduced to run minima and maxima. */
    public static final int MAX_POINTS = 2000;

    private ReportPage() {}

    public static String render(BacktestReport report, PerformanceMetrics metrics, EquityCurve equity) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", report.title());
        data.put("strategy", report.strategyId());
        data.put("metrics", metrics.asMap());
        data.put("run", report.run());
        data.put("parameters", report.parameters());

        int n = equity.points().size();
        // one more point holds the final equity until the end of the period
        double[] t = new double[n + 1];
        double[] eq = new double[n + 1];
        double[] dd = new double[n + 1];
        for (int i = 0; i < n; i++) {
            EquityCurve.Point p = equity.points().get(i);
            t[i] = p.timeUs() / 1000.0;
            eq[i] = p.equityQuote().doubleValue();
            dd[i] = -p.drawdownPct();
        }
        t[n] = Math.max(report.periodEndUs(), equity.points().get(n - 1).timeUs()) / 1000.0;
        eq[n] = eq[n - 1];
        dd[n] = dd[n - 1];
        Map<String, Object> eqData = new LinkedHashMap<>();
        eqData.put("t", t);
        eqData.put("equity", eq);
        eqData.put("drawdownPct", dd);
        data.put("equity", eqData);

        List<Map<String, Object>> spreads = new ArrayList<>();
        for (SpreadSeries s : chartedSpreads(report)) {
            SpreadSeries d = s.downsample(MAX_POINTS);
            double[] st = new double[d.size()];
            for (int i = 0; i < st.length; i++) st[i] = d.timesUs()[i] / 1000.0;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("instrument", s.instrument());
            m.put("label", s.label());
            m.put("t", st);
            m.put("v", d.values());
            List<Map<String, Object>> lines = new ArrayList<>();
            report.thresholds().forEach((k, v) -> lines.add(Map.of("name", k, "value", v)));
            m.put("thresholds", lines);
            m.put("markers", markers(report.trades(), s));
            spreads.add(m);
        }
        data.put("spreads", spreads);

        String json = ReportFolder.json(data).replace("</", "<\\/");
        return TEMPLATE
                .replace("@@TITLE@@", escape(report.title()))
                .replace("@@EXPECTED@@", Integer.toString(2 + spreads.size()))
                .replace("@@DATA@@", json);
    }

    private static List<SpreadSeries> chartedSpreads(BacktestReport report) {
        Map<String, Long> tradesBy = new LinkedHashMap<>();
        for (Trade tr : report.trades()) tradesBy.merge(tr.instrument(), 1L, Long::sum);
        List<SpreadSeries> list = new ArrayList<>();
        for (SpreadSeries s : report.spreads()) if (s.size() > 0) list.add(s);
        list.sort(Comparator.comparingLong((SpreadSeries s) -> -tradesBy.getOrDefault(s.instrument(), 0L))
                .thenComparing(SpreadSeries::instrument));
        return list.subList(0, Math.min(MAX_SPREAD_CHARTS, list.size()));
    }

    /** Entry and exit markers on the spread chart, at the strategy's own spread when it reports one. */
    private static List<Map<String, Object>> markers(List<Trade> trades, SpreadSeries s) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Trade tr : trades) {
            if (!tr.instrument().equals(s.instrument())) continue;
            Map<String, Object> c = tr.columns();
            String reason = c.getOrDefault("exit_reason", c.getOrDefault("direction", "")).toString();
            if (tr.entryTsUs() == tr.exitTsUs()) {
                out.add(marker(tr.entryTsUs(), number(c.get("spread_pct"), s.valueAt(tr.entryTsUs())), "trade", reason));
                continue;
            }
            out.add(marker(tr.entryTsUs(), number(c.get("entry_spread_pct"), s.valueAt(tr.entryTsUs())), "entry",
                    "entry" + (c.containsKey("regime") ? " " + c.get("regime") : "")));
            out.add(marker(tr.exitTsUs(), number(c.get("exit_spread_pct"), s.valueAt(tr.exitTsUs())), "exit", reason));
        }
        return out;
    }

    private static Map<String, Object> marker(long tUs, double v, String kind, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", tUs / 1000.0);
        m.put("v", Double.isFinite(v) ? v : null);
        m.put("kind", kind);
        m.put("label", label);
        return m;
    }

    private static double number(Object o, double fallback) {
        return o instanceof Number n ? n.doubleValue() : fallback;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String TEMPLATE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>@@TITLE@@</title>
            <style>
              body { font-family: system-ui, sans-serif; margin: 24px; color: #222; background: #fff; }
              h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
              table { border-collapse: collapse; font-size: 13px; }
              td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
              td.num { text-align: right; font-variant-numeric: tabular-nums; }
              .chart { margin: 8px 0; }
              .chart svg { border: 1px solid #eee; background: #fcfcfc; }
              .legend { font-size: 12px; color: #555; }
              #errors { color: #b00; white-space: pre-wrap; }
              .grid { display: flex; gap: 32px; flex-wrap: wrap; align-items: flex-start; }
            </style>
            </head>
            <body data-rendered="0" data-expected="@@EXPECTED@@" data-errors="0">
            <h1>@@TITLE@@</h1>
            <pre id="errors"></pre>
            <div class="grid">
              <div><h2>Metrics</h2><table id="metrics"></table></div>
              <div><h2>Run</h2><table id="run"></table><h2>Parameters</h2><table id="params"></table></div>
            </div>
            <h2>Equity (quote)</h2><div id="equity" class="chart"></div>
            <h2>Drawdown (%)</h2><div id="drawdown" class="chart"></div>
            <h2>Spread, thresholds and trades</h2><div id="spreads"></div>
            <script type="application/json" id="report-data">@@DATA@@</script>
            <script>
            (function () {
              var errors = [];
              function fail(msg) {
                errors.push(msg);
                document.body.setAttribute('data-errors', String(errors.length));
                document.getElementById('errors').textContent = errors.join('\\n');
              }
              window.onerror = function (msg, src, line, col) { fail(msg + ' at ' + line + ':' + col); };
              var NS = 'http://www.w3.org/2000/svg';
              var rendered = 0;
              function el(name, attrs, parent) {
                var e = document.createElementNS(NS, name);
                for (var k in attrs) e.setAttribute(k, attrs[k]);
                if (parent) parent.appendChild(e);
                return e;
              }
              function fmt(v) {
                if (v === null || v === undefined) return '—';
                if (typeof v === 'number') {
                  if (!isFinite(v)) return String(v);
                  var a = Math.abs(v);
                  return (a !== 0 && (a < 1e-4 || a >= 1e9)) ? v.toExponential(4) : String(Math.round(v * 1e6) / 1e6);
                }
                if (typeof v === 'object') return JSON.stringify(v);
                return String(v);
              }
              function table(id, obj) {
                var t = document.getElementById(id);
                Object.keys(obj).forEach(function (k) {
                  var tr = document.createElement('tr');
                  var th = document.createElement('th'); th.textContent = k; tr.appendChild(th);
                  var v = obj[k];
                  var td = document.createElement('td');
                  td.textContent = (/_us$/.test(k) && typeof v === 'number' && v > 1e14) ? new Date(v / 1000).toISOString() : fmt(v);
                  if (typeof obj[k] === 'number') td.className = 'num';
                  tr.appendChild(td); t.appendChild(tr);
                });
              }
              function timeLabel(ms, span) {
                var iso = new Date(ms).toISOString();
                return span > 2 * 86400000 ? iso.slice(0, 10) : iso.slice(11, 19);
              }
              // one line chart: lines [{t, v, color}], levels [{name, value}], markers [{t, v, kind, label}]
              function chart(container, lines, levels, markers, step) {
                var W = 1000, H = 280, L = 70, R = 190, T = 12, B = 30;
                var xs = [], ys = [];
                lines.forEach(function (l) { xs = xs.concat(l.t); ys = ys.concat(l.v); });
                levels.forEach(function (l) { ys.push(l.value); });
                markers.forEach(function (m) { if (m.v !== null) ys.push(m.v); });
                if (!xs.length) { xs = [0, 1]; }
                if (!ys.length) { ys = [0, 1]; }
                var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
                var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
                if (x1 === x0) { x1 = x0 + 1; }
                if (y1 === y0) { y0 -= 1; y1 += 1; }
                var pad = (y1 - y0) * 0.05; y0 -= pad; y1 += pad;
                function X(t) { return L + (t - x0) / (x1 - x0) * (W - L - R); }
                function Y(v) { return T + (y1 - v) / (y1 - y0) * (H - T - B); }
                var svg = el('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, 'class': 'plot' });
                el('rect', { x: L, y: T, width: W - L - R, height: H - T - B, fill: 'none', stroke: '#ccc' }, svg);
                for (var i = 0; i <= 4; i++) {
                  var yv = y0 + (y1 - y0) * i / 4;
                  el('line', { x1: L, x2: W - R, y1: Y(yv), y2: Y(yv), stroke: '#eee' }, svg);
                  el('text', { x: L - 4, y: Y(yv) + 4, 'text-anchor': 'end', 'font-size': 11 }, svg).textContent = fmt(yv);
                  var xv = x0 + (x1 - x0) * i / 4;
                  el('text', { x: X(xv), y: H - 10, 'text-anchor': 'middle', 'font-size': 11 }, svg)
                    .textContent = timeLabel(xv, x1 - x0);
                }
                levels.forEach(function (l, j) {
                  var c = ['#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'][j % 6];
                  el('line', { x1: L, x2: W - R, y1: Y(l.value), y2: Y(l.value), stroke: c, 'stroke-dasharray': '5,4', 'class': 'level' }, svg);
                  el('text', { x: W - R + 4, y: Y(l.value) + 4, 'font-size': 11, fill: c }, svg).textContent = l.name + ' ' + fmt(l.value);
                });
                lines.forEach(function (l) {
                  var d = '';
                  for (var k = 0; k < l.t.length; k++) {
                    var px = X(l.t[k]).toFixed(1), py = Y(l.v[k]).toFixed(1);
                    if (k === 0) d += 'M' + px + ',' + py;
                    else if (step) d += 'H' + px + 'V' + py;
                    else d += 'L' + px + ',' + py;
                  }
                  if (l.t.length === 1) d += 'h1';
                  el('path', { d: d, fill: l.fill ? l.fill : 'none', stroke: l.color, 'stroke-width': 1.3, 'class': 'series' }, svg);
                });
                markers.forEach(function (m) {
                  if (m.v === null) return;
                  var c = m.kind === 'entry' ? '#2ca02c' : (m.kind === 'exit' ? '#d62728' : '#1f77b4');
                  var sh = m.kind === 'entry'
                    ? el('path', { d: 'M' + X(m.t) + ',' + (Y(m.v) - 6) + 'l5,9h-10z', fill: c, 'class': 'marker' }, svg)
                    : el('circle', { cx: X(m.t), cy: Y(m.v), r: 4, fill: c, 'class': 'marker' }, svg);
                  el('title', {}, sh).textContent = m.kind + ' ' + m.label + ' ' + new Date(m.t).toISOString() + ' ' + fmt(m.v);
                });
                container.appendChild(svg);
                rendered++;
                document.body.setAttribute('data-rendered', String(rendered));
              }
              try {
                var data = JSON.parse(document.getElementById('report-data').textContent);
                table('metrics', data.metrics);
                table('run', data.run);
                table('params', data.parameters);
                var e = data.equity;
                chart(document.getElementById('equity'), [{ t: e.t, v: e.equity, color: '#1f77b4' }], [], [], true);
                chart(document.getElementById('drawdown'), [{ t: e.t, v: e.drawdownPct, color: '#d62728' }], [{ name: 'zero', value: 0 }], [], true);
                var host = document.getElementById('spreads');
                data.spreads.forEach(function (s) {
                  var box = document.createElement('div'); box.className = 'chart';
                  var h = document.createElement('div'); h.className = 'legend';
                  h.textContent = s.instrument + ': ' + s.label + ' — ' + s.markers.length + ' markers (triangle entry, red exit)';
                  box.appendChild(h); host.appendChild(box);
                  chart(box, [{ t: s.t, v: s.v, color: '#555' }], s.thresholds, s.markers, false);
                });
              } catch (err) {
                fail(String(err && err.stack ? err.stack : err));
              }
            })();
            </script>
            </body>
            </html>
            """;
}

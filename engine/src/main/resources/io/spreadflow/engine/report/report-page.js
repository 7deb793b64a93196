(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var period = data.period;            // [start, end] in seconds, the range of every chart
  var charts = [];                     // [{name, u}], all on one time axis
  var selected = null;                 // index into data.trades.rows
  var rendered = 0;
  var axisNeed = {};                   // chart name -> width its y labels need
  var axisShared = 0;                  // the widest need, so the plot areas line up
  var alignPending = false;
  var PALETTE = ['#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#17becf', '#bcbd22'];

  // ---- text -------------------------------------------------------------------------------------

  /** Seven significant digits, no grouping, so a shown number is exactly what it says. */
  function fmt(v) {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v !== 'number') return String(v);
    if (!isFinite(v) || Number.isInteger(v)) return String(v);
    return String(Number(v.toPrecision(7)));
  }

  function timeText(sec) {
    var iso = new Date(Math.round(sec * 1000)).toISOString();
    return iso.slice(0, 10) + ' ' + (iso.slice(19, 23) === '.000' ? iso.slice(11, 19) : iso.slice(11, 23));
  }

  function durationText(sec) {
    if (sec < 60) return fmt(Math.round(sec * 1000) / 1000) + ' s';
    var s = Math.round(sec), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600);
    var m = Math.floor(s % 3600 / 60), r = s % 60;
    if (d > 0) return d + ' d ' + h + ' h';
    if (h > 0) return h + ' h ' + m + ' m';
    return m + ' m ' + r + ' s';
  }

  function decimals(step) {
    var s = String(Number(step.toPrecision(6)));
    var e = s.indexOf('e-');
    if (e >= 0) return parseInt(s.slice(e + 2), 10) + Math.max(0, s.slice(0, e).replace('-', '').length - 2);
    var dot = s.indexOf('.');
    return dot < 0 ? 0 : s.length - dot - 1;
  }

  /** Tick labels with as many decimals as the tick step needs, grouped thousands. */
  function axisValues(u, splits, axisIdx, space, incr) {
    var d = Math.min(20, decimals(incr));
    return splits.map(function (v) {
      return v === null ? '' : v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
    });
  }

  /** 24-hour UTC tick labels at the tick step's precision; the date under the first tick of each day. */
  function timeAxisValues(u, splits, axisIdx, space, incr) {
    var day = null;
    return splits.map(function (v) {
      if (v === null) return '';
      var iso = new Date(Math.round(v * 1000)).toISOString(), d = iso.slice(0, 10);
      if (incr >= 86400) return d;
      var t = incr < 1 ? iso.slice(11, 23) : (incr < 60 ? iso.slice(11, 19) : iso.slice(11, 16));
      var s = d !== day ? t + '\n' + d : t;
      day = d;
      return s;
    });
  }

  /** The y axis is as wide as its longest label (and as wide as the other charts' axes). */
  function axisSize(name) {
    return function (u, values, axisIdx, cycleNum) {
      var axis = u.axes[axisIdx];
      if (cycleNum > 1 && axis._size) return axis._size;
      var w = 0;
      if (values) {
        u.ctx.font = axis.font[0];
        values.forEach(function (s) { w = Math.max(w, u.ctx.measureText(s).width / devicePixelRatio); });
      }
      var need = Math.ceil(axis.ticks.size + axis.gap + w + 6);
      axisNeed[name] = need;
      return Math.max(need, axisShared);
    };
  }

  function alignAxes() {
    alignPending = false;
    var w = 0;
    Object.keys(axisNeed).forEach(function (k) { w = Math.max(w, axisNeed[k]); });
    if (w === axisShared) return;
    axisShared = w;
    charts.forEach(function (c) { c.u.redraw(false, true); });
  }

  // ---- charts -----------------------------------------------------------------------------------

  function clampRange(min, max) {
    var full = period[1] - period[0];
    var span = Math.max(1e-3, Math.min(max - min, full));
    min = Math.max(period[0], Math.min(min, period[1] - span));
    return [min, min + span];
  }

  function showRange(min, max) {
    document.getElementById('range').textContent = 'shown: ' + timeText(min) + ' – ' + timeText(max) + ' UTC';
  }

  /** Sets the time range of every chart. */
  function zoomTo(min, max) {
    var r = clampRange(min, max);
    charts.forEach(function (c) { c.u.setScale('x', { min: r[0], max: r[1] }); });
    showRange(r[0], r[1]);
  }

  /** A zoom in one chart (drag selection) moves the others to the same range. */
  function followScale(u, key) {
    if (key !== 'x') return;
    var min = u.scales.x.min, max = u.scales.x.max;
    charts.forEach(function (c) {
      if (c.u !== u && (c.u.scales.x.min !== min || c.u.scales.x.max !== max)) c.u.setScale('x', { min: min, max: max });
    });
    showRange(min, max);
  }

  /** Wheel zooms around the pointer; shift-drag pans. */
  function wheelAndPan(u) {
    u.over.addEventListener('wheel', function (e) {
      e.preventDefault();
      var rect = u.over.getBoundingClientRect();
      var at = u.posToVal(e.clientX - rect.left, 'x');
      var min = u.scales.x.min, max = u.scales.x.max, f = e.deltaY < 0 ? 0.7 : 1 / 0.7;
      zoomTo(at - (at - min) * f, at + (max - at) * f);
    }, { passive: false });
    // capture on the root runs before the library's own drag-to-zoom on the plot area
    u.root.addEventListener('mousedown', function (e) {
      if (!e.shiftKey || e.button !== 0) return;
      e.stopPropagation();
      e.preventDefault();
      var x0 = e.clientX, min0 = u.scales.x.min, max0 = u.scales.x.max;
      var perPx = (max0 - min0) / u.over.getBoundingClientRect().width;
      function move(ev) { var d = (ev.clientX - x0) * perPx; zoomTo(min0 - d, max0 - d); }
      function up() { document.removeEventListener('mousemove', move); document.removeEventListener('mouseup', up); }
      document.addEventListener('mousemove', move);
      document.addEventListener('mouseup', up);
    }, true);
    u.over.addEventListener('dblclick', function () { zoomTo(period[0], period[1]); });
  }

  function clipToPlot(u) {
    u.ctx.save();
    u.ctx.beginPath();
    u.ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    u.ctx.clip();
  }

  /** The selected trade as a band from entry to exit. */
  function drawSelection(u) {
    if (selected === null) return;
    var sp = data.trades.spans[selected];
    var a = u.valToPos(sp.entry, 'x', true), b = u.valToPos(sp.exit, 'x', true);
    clipToPlot(u);
    u.ctx.fillStyle = 'rgba(255, 170, 0, 0.22)';
    u.ctx.fillRect(Math.min(a, b) - devicePixelRatio, u.bbox.top, Math.abs(b - a) + 2 * devicePixelRatio, u.bbox.height);
    u.ctx.restore();
  }

  function drawMarkers(markers) {
    return function (u) {
      var ctx = u.ctx, r = 5 * devicePixelRatio;
      clipToPlot(u);
      markers.forEach(function (m) {
        if (m.v === null || m.t < u.scales.x.min || m.t > u.scales.x.max) return;
        var x = u.valToPos(m.t, 'x', true), y = u.valToPos(m.v, 'y', true);
        ctx.fillStyle = m.kind === 'entry' ? '#2ca02c' : (m.kind === 'exit' ? '#d62728' : '#1f77b4');
        ctx.beginPath();
        if (m.kind === 'entry') {
          ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r * 0.8); ctx.lineTo(x - r, y + r * 0.8); ctx.closePath();
        } else {
          ctx.arc(x, y, r * 0.8, 0, 2 * Math.PI);
        }
        ctx.fill();
      });
      ctx.restore();
    };
  }

  /** A little room around the data; a flat line gets a narrow band around its value, not [0, 2x]. */
  function padded(lo, hi) {
    if (lo === null || hi === null) return [-1, 1];
    var pad = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(lo) * 0.001, 1e-9);
    return [lo - pad, hi + pad];
  }

  function chartWidth(el) {
    return Math.max(480, Math.floor(el.getBoundingClientRect().width || document.documentElement.clientWidth - 48));
  }

  function makeChart(name, el, height, series, columns, extra) {
    extra = extra || {};
    var opts = {
      width: chartWidth(el),
      height: height,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); },
      cursor: {
        sync: { key: 'report', setSeries: false },
        drag: { x: true, y: false, setScale: true },
        bind: { dblclick: function () { return function () { return null; }; } }
      },
      scales: { x: { time: true }, y: { range: extra.yRange || function (u, lo, hi) { return padded(lo, hi); } } },
      series: [{ label: 'time (UTC)', value: function (u, v) { return v === null ? '—' : timeText(v); } }].concat(series),
      axes: [{ space: 90, values: timeAxisValues }, { size: axisSize(name), values: axisValues }],
      legend: { live: true },
      hooks: {
        setScale: [followScale],
        draw: [drawSelection].concat(extra.draw ? [extra.draw] : [], [function () {
          if (!alignPending) { alignPending = true; setTimeout(alignAxes, 0); }
        }])
      }
    };
    var u = new uPlot(opts, columns, el);
    wheelAndPan(u);
    charts.push({ name: name, u: u });
    rendered++;
    document.body.setAttribute('data-rendered', String(rendered));
    return u;
  }

  function valueOf(u, v) { return v === null || v === undefined ? '—' : fmt(v); }

  function spreadChart(inst, el, s) {
    var names = Object.keys(s.thresholds);
    var series = [{ label: 'spread %', stroke: '#444', width: 1.2, value: valueOf }];
    var columns = [s.t, s.v];
    names.forEach(function (k, j) {
      series.push({ label: k, stroke: PALETTE[j % PALETTE.length], dash: [6, 4], width: 1, value: valueOf,
        points: { show: false } });
      columns.push(s.t.map(function () { return s.thresholds[k]; }));
    });
    // the visible markers widen the y range, so no entry or exit falls outside the plot
    var yRange = function (u, lo, hi) {
      s.markers.forEach(function (m) {
        if (m.v === null || m.t < u.scales.x.min || m.t > u.scales.x.max) return;
        lo = lo === null ? m.v : Math.min(lo, m.v);
        hi = hi === null ? m.v : Math.max(hi, m.v);
      });
      return padded(lo, hi);
    };
    makeChart('spread:' + inst, el, 280, series, columns, { draw: drawMarkers(s.markers), yRange: yRange });
  }

  // ---- tables -----------------------------------------------------------------------------------

  function cellText(key, v) {
    if (/_us$/.test(key) && typeof v === 'number' && v > 1e14) return timeText(v / 1e6);
    if (v !== null && typeof v === 'object') return JSON.stringify(v);
    return fmt(v);
  }

  function keyValues(id, obj) {
    var t = document.getElementById(id);
    Object.keys(obj).forEach(function (k) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-key', k);
      var th = document.createElement('th'); th.textContent = k; tr.appendChild(th);
      var td = document.createElement('td'); td.textContent = cellText(k, obj[k]);
      if (typeof obj[k] === 'number') td.className = 'num';
      tr.appendChild(td); t.appendChild(tr);
    });
  }

  var FIGURES = ['trades', 'total_pnl_quote', 'win_rate', 'fees_quote', 'funding_quote', 'max_drawdown_quote',
    'average_trade_pnl_quote', 'average_holding_seconds', 'reference_pnl_pct_sum'];

  function figures(m) {
    var t = document.createElement('table'); t.className = 'figures';
    var head = document.createElement('tr'), body = document.createElement('tr');
    FIGURES.forEach(function (k) {
      if (!(k in m)) return;
      var th = document.createElement('th'); th.textContent = k; head.appendChild(th);
      var td = document.createElement('td'); td.className = 'num'; td.setAttribute('data-key', k);
      td.textContent = fmt(m[k]); body.appendChild(td);
    });
    t.appendChild(head); t.appendChild(body);
    return t;
  }

  /** The shown columns: trades.csv's, minus the ones a section states once, plus the holding time. */
  function tradeColumns() {
    var cols = data.trades.columns, out = [{ key: '#', sort: function (i) { return i; } }];
    cols.forEach(function (c, ci) {
      if (c === 'instrument' || c === 'strategy') return;
      out.push({ key: c, sort: function (i) { return data.trades.rows[i][ci]; }, text: function (i) {
        return cellText(c, data.trades.rows[i][ci]);
      } });
      if (c === 'exit_time_us') {
        out.push({ key: 'holding', sort: holding, text: function (i) { return durationText(holding(i)); } });
      }
    });
    return out;
  }

  function holding(i) { var sp = data.trades.spans[i]; return sp.exit - sp.entry; }

  function compare(a, b) {
    if (a === b) return 0;
    if (a === null || a === undefined) return 1;
    if (b === null || b === undefined) return -1;
    return (typeof a === 'number' && typeof b === 'number') ? a - b : String(a).localeCompare(String(b));
  }

  function tradesTable(indices) {
    var cols = tradeColumns();
    var t = document.createElement('table'); t.className = 'trades';
    var thead = document.createElement('thead'), hr = document.createElement('tr');
    var tbody = document.createElement('tbody');
    var sort = { col: null, dir: 1 };
    cols.forEach(function (c) {
      var th = document.createElement('th'); th.setAttribute('data-col', c.key);
      th.textContent = /_us$/.test(c.key) ? c.key.replace(/_us$/, '') + ' (UTC)' : c.key;
      th.addEventListener('click', function () {
        sort.dir = sort.col === c ? -sort.dir : 1;
        sort.col = c;
        var order = indices.slice().sort(function (a, b) { return sort.dir * compare(c.sort(a), c.sort(b)) || a - b; });
        order.forEach(function (i) { tbody.appendChild(rows[i]); });
        Array.prototype.forEach.call(hr.children, function (h) { h.className = ''; h.removeAttribute('aria-sort'); });
        th.className = sort.dir > 0 ? 'sorted-asc' : 'sorted-desc';
        th.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
      });
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    var rows = {};
    indices.forEach(function (i) {
      var tr = document.createElement('tr'); tr.setAttribute('data-trade', String(i));
      cols.forEach(function (c) {
        var td = document.createElement('td'); td.setAttribute('data-col', c.key);
        td.textContent = c.text ? c.text(i) : String(i + 1);
        var raw = c.sort(i);
        if (typeof raw === 'number') td.className = 'num';
        if (c.key === 'pnl_quote' && typeof raw === 'number' && raw !== 0) td.className += raw > 0 ? ' win' : ' loss';
        tr.appendChild(td);
      });
      tr.addEventListener('click', function () { selectTrade(i); });
      rows[i] = tr;
      tbody.appendChild(tr);
    });
    t.appendChild(thead); t.appendChild(tbody);
    return t;
  }

  /** Zooms every chart to one trade (with some time around it) and marks it. */
  function selectTrade(i) {
    selected = i;
    Array.prototype.forEach.call(document.querySelectorAll('tr.selected'), function (r) { r.classList.remove('selected'); });
    Array.prototype.forEach.call(document.querySelectorAll('tr[data-trade="' + i + '"]'), function (r) { r.classList.add('selected'); });
    var sp = data.trades.spans[i];
    var pad = Math.max((sp.exit - sp.entry) * 0.6, 30, (period[1] - period[0]) * 0.002);
    zoomTo(sp.entry - pad, sp.exit + pad);
    charts.forEach(function (c) { c.u.redraw(false, false); });
    var pnlAt = data.trades.columns.indexOf('pnl_quote');
    document.getElementById('selection').textContent = 'trade #' + (i + 1) + ' ' + sp.instrument + ' ' + timeText(sp.entry)
      + ' → ' + timeText(sp.exit) + (pnlAt >= 0 ? ', pnl_quote ' + fmt(data.trades.rows[i][pnlAt]) : '');
  }

  // ---- page -------------------------------------------------------------------------------------

  try {
    keyValues('metrics', data.metrics);
    keyValues('run', data.run);
    keyValues('params', data.parameters);
    var e = data.equity;
    makeChart('equity', document.getElementById('equity'), 240,
      [{ label: 'equity', stroke: '#1f77b4', fill: 'rgba(31,119,180,0.08)', width: 1.5, value: valueOf,
        paths: uPlot.paths.stepped({ align: 1 }) }], [e.t, e.equity]);
    makeChart('drawdown', document.getElementById('drawdown'), 160,
      [{ label: 'drawdown %', stroke: '#d62728', fill: 'rgba(214,39,40,0.10)', width: 1.5, value: valueOf,
        paths: uPlot.paths.stepped({ align: 1 }) }], [e.t, e.drawdownPct]);
    var host = document.getElementById('instruments');
    var byInstrument = {};
    data.trades.spans.forEach(function (sp, i) { (byInstrument[sp.instrument] = byInstrument[sp.instrument] || []).push(i); });
    data.instruments.forEach(function (inst) {
      var sec = document.createElement('section'); sec.className = 'instrument';
      sec.setAttribute('data-instrument', inst.instrument);
      var h = document.createElement('h2'); h.textContent = inst.instrument; sec.appendChild(h);
      sec.appendChild(figures(inst.metrics));
      host.appendChild(sec);
      if (inst.spread) {
        var label = document.createElement('div'); label.className = 'spread-label';
        label.textContent = 'Spread: ' + inst.spread.label + ' — dashed: thresholds; triangle: entry, red dot: exit';
        sec.appendChild(label);
        var box = document.createElement('div'); box.className = 'chart spread'; sec.appendChild(box);
        spreadChart(inst.instrument, box, inst.spread);
      }
      var own = byInstrument[inst.instrument] || [];
      var h3 = document.createElement('h3'); h3.textContent = 'Trades (' + own.length + ')'; sec.appendChild(h3);
      if (own.length) {
        var tb = document.createElement('div'); tb.className = 'trades-box';
        tb.appendChild(tradesTable(own));
        sec.appendChild(tb);
      }
    });
    zoomTo(period[0], period[1]);
    document.getElementById('whole-period').addEventListener('click', function () { zoomTo(period[0], period[1]); });
    window.addEventListener('resize', function () {
      charts.forEach(function (c) { c.u.setSize({ width: chartWidth(c.u.root.parentNode), height: c.u.height }); });
    });
  } catch (err) {
    window.__fail(err && err.stack ? err.stack : err);
  }

  // read-only state for tests and the console: the charts' visible time ranges and the selected trade
  window.__report = Object.freeze({
    period: function () { return period.slice(); },
    ranges: function () {
      var o = {};
      charts.forEach(function (c) { o[c.name] = [c.u.scales.x.min, c.u.scales.x.max]; });
      return o;
    },
    selectedTrade: function () { return selected; }
  });
})();

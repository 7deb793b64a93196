(function () {
  'use strict';
  var root = document.getElementById('heat-map');
  function fail(msg) {
    root.setAttribute('data-errors', String(+root.getAttribute('data-errors') + 1));
    document.getElementById('hm-errors').textContent += msg + '\n';
  }
  function fmt(v) {
    if (typeof v !== 'number') return '—';
    if (!isFinite(v) || Number.isInteger(v)) return String(v);
    return String(Number(v.toPrecision(7)));
  }
  function smallerBetter(metric) { return /^max_drawdown/.test(metric); }
  function el(name, text) { var e = document.createElement(name); if (text !== undefined) e.textContent = text; return e; }
  try {
    var d = JSON.parse(document.getElementById('hm-data').textContent);
    var selM = document.getElementById('hm-metric'), selX = document.getElementById('hm-x'), selY = document.getElementById('hm-y');
    d.metrics.forEach(function (m) { selM.appendChild(new Option(m, m)); });
    d.axes.forEach(function (k) { selX.appendChild(new Option(k, k)); selY.appendChild(new Option(k, k)); });
    selX.value = d.axes[0];
    selY.value = d.axes[1];

    /** A parameter's values in order: numerically when all are numbers. */
    function values(k) {
      var seen = {}, out = [];
      d.sets.forEach(function (s) { var v = s.params[k]; if (!(v in seen)) { seen[v] = true; out.push(v); } });
      var numeric = out.every(function (v) { return v !== '' && isFinite(Number(v)); });
      return out.sort(function (a, b) { return numeric ? Number(a) - Number(b) : String(a).localeCompare(String(b)); });
    }

    /** White to red below zero, white to green above; one hue over the range when it does not cross zero. */
    function color(v, lo, hi, flip) {
      var t, rgb;
      if (lo < 0 && hi > 0) {
        t = v < 0 ? v / lo : v / hi;
        rgb = (v < 0) !== flip ? [214, 39, 40] : [44, 160, 44];
      } else {
        t = hi > lo ? (v - lo) / (hi - lo) : 1;
        if (flip) t = 1 - t;
        rgb = [31, 119, 180];
      }
      t = 0.1 + 0.75 * Math.max(0, Math.min(1, t));
      return 'rgb(' + rgb.map(function (c) { return Math.round(255 + (c - 255) * t); }).join(',') + ')';
    }

    function render() {
      var m = selM.value, kx = selX.value, ky = selY.value;
      if (kx === ky) {
        ky = d.axes.filter(function (k) { return k !== kx; })[0];
        selY.value = ky;
      }
      var xs = values(kx), ys = values(ky).reverse(), flip = smallerBetter(m), cells = {};
      d.sets.forEach(function (s, i) {
        var v = s.metrics[m], key = s.params[kx] + '\u0000' + s.params[ky];
        var c = cells[key] || (cells[key] = { v: null, best: -1 });
        if (typeof v !== 'number' || !isFinite(v)) return;
        if (c.v === null || (flip ? v < c.v : v > c.v)) { c.v = v; c.best = i; }
      });
      var lo = Infinity, hi = -Infinity;
      Object.keys(cells).forEach(function (k) { var v = cells[k].v; if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
      var t = document.getElementById('hm-table');
      t.textContent = '';
      var head = el('tr');
      head.appendChild(el('th', ky + ' \u2193 / ' + kx + ' \u2192'));
      xs.forEach(function (x) { head.appendChild(el('th', x)); });
      t.appendChild(head);
      var n = 0;
      ys.forEach(function (y) {
        var tr = el('tr');
        tr.appendChild(el('th', y));
        xs.forEach(function (x) {
          var c = cells[x + '\u0000' + y], td = el('td');
          td.setAttribute('data-x', x);
          td.setAttribute('data-y', y);
          if (!c || c.v === null) {
            td.className = 'empty';
            td.textContent = '—';
          } else {
            td.textContent = fmt(c.v);
            td.style.background = color(c.v, lo, hi, flip);
            var p = d.sets[c.best].params;
            td.title = Object.keys(p).map(function (k) { return k + '=' + p[k]; }).join(' ');
            n++;
          }
          tr.appendChild(td);
        });
        t.appendChild(tr);
      });
      root.setAttribute('data-metric', m);
      root.setAttribute('data-cells', String(n));
    }
    [selM, selX, selY].forEach(function (s) { s.addEventListener('change', render); });
    selM.value = d.metrics[0];
    render();
  } catch (err) {
    fail(err && err.stack ? err.stack : String(err));
  }
})();

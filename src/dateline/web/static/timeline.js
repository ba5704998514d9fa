// Stacked bars of events per day/week/month/year and type, drawn as SVG from /api/timeline;
// each bar links to the events list of its period.
(function () {
  "use strict";
  var box = document.getElementById("timeline");
  if (!box) return;
  var legend = document.getElementById("timeline-legend");
  var notes = document.getElementById("timeline-notes");
  var SVG = "http://www.w3.org/2000/svg";
  var COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"];

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function eventsLink(range) {
    var base = box.dataset.events || "/events?";
    var query = base.replace(/[?&](since|until)=[^&]*/g, "");
    var sep = query.indexOf("?") < 0 ? "?" : (/[?&]$/.test(query) ? "" : "&");
    return query + sep + "since=" + range[0] + "&until=" + range[1];
  }

  function niceStep(peak) {  // 1, 2 or 5 times a power of ten, for about four gridlines
    var raw = Math.max(1, peak / 4), power = Math.pow(10, Math.floor(Math.log10(raw)));
    var steps = [1, 2, 5, 10].map(function (m) { return m * power; });
    return steps.filter(function (s) { return s >= raw; })[0];
  }

  function text(svg, x, y, value, attrs) {
    var node = el("text", Object.assign({x: x, y: y, "font-size": 10}, attrs || {}));
    node.textContent = value;
    svg.appendChild(node);
  }

  function note(data) {
    var parts = [];
    Object.keys(data.coarser || {}).forEach(function (p) {
      parts.push(data.coarser[p] + " event(s) dated only to a " + p + " are not drawn at this scale");
    });
    if (data.outside) parts.push(data.outside + " event(s) outside the period shown (narrow with since/until)");
    notes.textContent = parts.join("; ");
  }

  function draw(data) {
    box.textContent = "";
    legend.textContent = "";
    var types = Object.keys(data.series);
    var n = data.buckets.length;
    box.dataset.bucket = data.bucket;
    box.dataset.bars = String(n);
    note(data);
    if (!n) { box.textContent = "No dated events match these filters."; return; }
    var totals = data.buckets.map(function (_, i) {
      return types.reduce(function (s, t) { return s + data.series[t][i]; }, 0);
    });
    var peak = Math.max.apply(null, totals), step = niceStep(peak), top = Math.ceil(peak / step) * step;
    var height = 220, left = 44, bw = Math.max(4, Math.min(40, 900 / n));
    var svg = el("svg", {width: n * bw + left + 20, height: height + 40, role: "img",
                         "aria-label": "events per " + data.bucket});
    for (var v = 0; v <= top; v += step) {  // y axis: gridlines with counts
      var gy = height - v / top * (height - 10);
      svg.appendChild(el("line", {x1: left - 4, y1: gy, x2: left + n * bw, y2: gy, stroke: v ? "#e4e4e4" : "#999"}));
      text(svg, left - 6, gy + 3, String(v), {"text-anchor": "end"});
    }
    var every = Math.max(Math.ceil(n / 12), Math.ceil(70 / bw));  // labels must not overlap
    data.buckets.forEach(function (b, i) {
      var y = height, link = el("a", {href: eventsLink(data.ranges[i]), "class": "bar", "data-bucket": b});
      var title = el("title");
      title.textContent = b + ": " + totals[i] + " event(s)" + (totals[i] ? " (click for the list)" : "");
      link.appendChild(title);
      link.appendChild(el("rect", {x: left + i * bw, y: 10, width: bw, height: height - 10, fill: "transparent"}));
      types.forEach(function (t, k) {
        var v = data.series[t][i];
        if (!v) return;
        var h = v / top * (height - 10);
        y -= h;
        link.appendChild(el("rect", {x: left + i * bw, y: y, width: bw - 1, height: h, fill: COLORS[k % COLORS.length]}));
      });
      svg.appendChild(link);
      if (i % every === 0) {  // x axis: a tick and the bucket's label
        svg.appendChild(el("line", {x1: left + i * bw, y1: height, x2: left + i * bw, y2: height + 5, stroke: "#999"}));
        text(svg, left + i * bw, height + 16, b);
      }
    });
    box.appendChild(svg);
    types.forEach(function (t, k) {
      var sw = document.createElement("span"); sw.className = "swatch"; sw.style.background = COLORS[k % COLORS.length];
      legend.appendChild(sw); legend.appendChild(document.createTextNode(t));
    });
  }

  function load(bucket) {
    document.querySelectorAll(".bucket-switch button").forEach(function (b) {
      b.classList.toggle("active", b.dataset.bucket === bucket);
    });
    var url = box.dataset.api + (box.dataset.api.indexOf("?") < 0 ? "?" : "&") + "bucket=" + bucket;
    fetch(url).then(function (r) { return r.json(); }).then(draw).catch(function (e) {
      box.textContent = "Could not load the timeline: " + e;
    });
  }

  document.querySelectorAll(".bucket-switch button").forEach(function (b) {
    b.addEventListener("click", function () { load(b.dataset.bucket); });
  });
  load("month");
})();

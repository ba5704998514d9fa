// Stacked bars of events per day/week/month and type, drawn as SVG from /api/timeline.
(function () {
  "use strict";
  var box = document.getElementById("timeline");
  if (!box) return;
  var legend = document.getElementById("timeline-legend");
  var SVG = "http://www.w3.org/2000/svg";
  var COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"];

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function draw(data) {
    box.textContent = "";
    legend.textContent = "";
    var types = Object.keys(data.series);
    var n = data.buckets.length;
    box.dataset.bucket = data.bucket;
    box.dataset.bars = String(n);
    if (!n) { box.textContent = "No dated events match these filters."; return; }
    var totals = data.buckets.map(function (_, i) {
      return types.reduce(function (s, t) { return s + data.series[t][i]; }, 0);
    });
    var peak = Math.max.apply(null, totals), height = 220, bw = Math.max(4, Math.min(40, 900 / n));
    var svg = el("svg", {width: n * bw + 60, height: height + 50, role: "img"});
    svg.appendChild(el("line", {x1: 40, y1: height, x2: 40 + n * bw, y2: height, stroke: "#999"}));
    var top = el("text", {x: 0, y: 12, "font-size": 11}); top.textContent = String(peak); svg.appendChild(top);
    data.buckets.forEach(function (b, i) {
      var y = height, g = el("g", {"class": "bar", "data-bucket": b});
      var title = el("title"); title.textContent = b + ": " + totals[i] + " event(s)"; g.appendChild(title);
      types.forEach(function (t, k) {
        var v = data.series[t][i];
        if (!v) return;
        var h = v / peak * (height - 10);
        y -= h;
        g.appendChild(el("rect", {x: 40 + i * bw, y: y, width: bw - 1, height: h, fill: COLORS[k % COLORS.length]}));
      });
      svg.appendChild(g);
      if (i % Math.max(Math.ceil(n / 12), Math.ceil(80 / bw)) === 0) {  // labels must not overlap
        var label = el("text", {x: 40 + i * bw, y: height + 14, "font-size": 10}); label.textContent = b;
        svg.appendChild(label);
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

// Events on a world outline (Natural Earth via world-atlas), clustered; no tiles, all offline.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box) return;
  var status = document.getElementById("map-status");
  var map = L.map(box, {worldCopyJump: false, minZoom: 1, maxZoom: 10}).setView([25, 10], 2);

  function popup(p) {
    // Built with DOM text nodes: names come from articles and must never become HTML.
    var div = document.createElement("div");
    var a = document.createElement("a");
    a.href = "/events/" + encodeURIComponent(p.event_id);
    a.textContent = p.type + (p.date ? " · " + p.date : "");
    div.appendChild(a);
    var line = document.createElement("div");
    line.textContent = (p.source_name || "?") + " → " + (p.target_name || "?") +
      (p.place_name ? " in " + p.place_name : "") + " (" + p.n_reports + " report(s))";
    div.appendChild(line);
    return div;
  }

  fetch(box.dataset.outline).then(function (r) { return r.json(); }).then(function (topo) {
    var land = topojson.feature(topo, topo.objects.countries);
    // Antarctica (ISO 010) only adds a band along the bottom of this projection.
    land.features = land.features.filter(function (f) { return f.id !== "010"; });
    L.geoJSON(land, {
      style: {color: "#8a9099", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1}
    }).addTo(map);
    return fetch(box.dataset.points);
  }).then(function (r) {
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.json();
  }).then(function (data) {
    var cluster = L.markerClusterGroup({showCoverageOnHover: false});
    data.points.forEach(function (p) {
      var m = L.circleMarker([p.latitude, p.longitude], {radius: 6, color: "#b03a2e", weight: 1, fillOpacity: 0.8});
      m.bindPopup(function () { return popup(p); });
      cluster.addLayer(m);
    });
    map.addLayer(cluster);
    box.dataset.points_drawn = String(data.points.length);
    status.textContent = data.points.length + " located event(s)" +
      (data.truncated ? " (the newest only: narrow the filters to see all)" : "") + ".";
  }).catch(function (e) {
    status.textContent = "Could not load the map: " + e;
  });
})();

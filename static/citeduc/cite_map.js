// Draws the perimeter of a Cité: QPV contours and positioned establishments.
// Data comes from a JSON block; the same data is in the page's tables (RGAA: the map is not the only way).
(function () {
  "use strict";
  var container = document.getElementById("cite-map");
  var source = document.getElementById("cite-map-data");
  if (!container || !source || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var map = L.map(container, { scrollWheelZoom: false });
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  }
  var bounds = L.latLngBounds([]);
  // Names are data typed by people: shown as text, never read as HTML.
  function asText(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }
  data.qpvs.forEach(function (qpv) {
    var layer = L.geoJSON(qpv.contour, {
      style: { color: "#000091", weight: 2, fillOpacity: 0.15 },
    }).bindTooltip(asText(qpv.name + " (" + qpv.code + ")"));
    layer.addTo(map);
    bounds.extend(layer.getBounds());
  });
  data.establishments.forEach(function (e) {
    var colour = e.priority === "REP+" ? "#ce0500" : "#18753c";
    L.circleMarker([e.lat, e.lon], { radius: 6, color: colour, fillOpacity: 0.9 })
      .bindTooltip(asText(e.name + (e.uai ? " — " + e.uai : "") + " — " + e.priority))
      .addTo(map);
    bounds.extend([e.lat, e.lon]);
  });
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [16, 16] });
  } else {
    map.setView([46.6, 2.4], 5);
  }
  container.setAttribute("data-ready", "true");
})();

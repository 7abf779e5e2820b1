// The directory's map: one marker per place, grouped by a simple screen grid so that dozens of
// services in one neighbourhood stay readable. Markers are Leaflet buttons: Tab reaches them,
// Enter opens them. The list tab carries the same results for those who do not use the map.
(function () {
  "use strict";
  var container = document.getElementById("directory-map");
  var source = document.getElementById("directory-map-data");
  if (!container || !source || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  // No fade: a half-transparent popup is unreadable while it appears (and fails contrast checks).
  var map = L.map(container, { scrollWheelZoom: false, fadeAnimation: false });
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  }
  var layer = L.layerGroup().addTo(map);
  var CELL = 56; // pixels: points closer than this on screen are grouped

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function popupFor(point) {
    var html = '<a href="' + escapeHtml(point.url) + '">' + escapeHtml(point.name) + "</a><br>" +
      escapeHtml(point.organisation);
    if (point.approximate) {
      html += "<br><em>Position approximative" + (point.where ? " (" + escapeHtml(point.where) + ")" : "") + "</em>";
    }
    return html;
  }

  function groupMarker(group) {
    var count = group.length;
    var label = count === 1 ? group[0].name : count + " services regroupés";
    var icon = L.divIcon({
      className: "citeduc-marker" + (count > 1 ? " citeduc-marker--group" : ""),
      html: count > 1 ? String(count) : "",
      iconSize: count > 1 ? [36, 36] : [18, 18],
    });
    var lat = 0, lon = 0;
    group.forEach(function (p) { lat += p.lat; lon += p.lon; });
    var marker = L.marker([lat / count, lon / count], { icon: icon, title: label, alt: label, keyboard: true });
    if (count === 1) {
      marker.bindPopup(popupFor(group[0]));
    } else {
      marker.on("click", function () {
        var bounds = L.latLngBounds(group.map(function (p) { return [p.lat, p.lon]; }));
        if (map.getZoom() >= map.getMaxZoom() || bounds.getNorthEast().equals(bounds.getSouthWest())) {
          marker.bindPopup(group.map(popupFor).join("<hr>")).openPopup();
        } else {
          map.fitBounds(bounds.pad(0.3));
        }
      });
    }
    return marker;
  }

  function draw() {
    layer.clearLayers();
    var cells = {};
    data.points.forEach(function (point) {
      var p = map.latLngToLayerPoint([point.lat, point.lon]);
      var key = Math.floor(p.x / CELL) + ":" + Math.floor(p.y / CELL);
      (cells[key] = cells[key] || []).push(point);
    });
    Object.keys(cells).forEach(function (key) {
      var marker = groupMarker(cells[key]);
      marker.addTo(layer);
      var element = marker.getElement();
      if (element) {
        element.setAttribute("aria-label", marker.options.title);
        // Leaflet makes markers focusable; Enter and Space must act as a click does.
        element.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            marker.fire("click");
          }
        });
      }
    });
    container.setAttribute("data-markers", String(Object.keys(cells).length));
  }

  var bounds = L.latLngBounds(data.points.map(function (p) { return [p.lat, p.lon]; }));
  if (data.origin) {
    // The place searched from, drawn apart from the services' markers.
    L.circleMarker([data.origin[0], data.origin[1]], { radius: 8, color: "#000091", weight: 3 })
      .bindTooltip("Lieu recherché : " + data.origin[2])
      .addTo(map);
    bounds.extend([data.origin[0], data.origin[1]]);
  }
  if (bounds.isValid()) {
    map.fitBounds(bounds.pad(0.2), { maxZoom: 14 });
  } else {
    map.setView([46.6, 2.4], 5);
  }
  map.on("zoomend", draw);
  draw();
  // The map sits in a tab: Leaflet must measure again once the tab is shown.
  document.getElementById("onglet-carte").addEventListener("click", function () {
    window.setTimeout(function () { map.invalidateSize(); draw(); }, 50);
  });
  container.setAttribute("data-ready", "true");
})();

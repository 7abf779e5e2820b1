// The directory's map: one marker per place, grouped by a simple screen grid so that dozens of
// services in one neighbourhood stay readable. Markers are Leaflet buttons: Tab reaches them,
// Enter opens them. The list tab carries the same results for those who do not use the map.
// The places come from the server as JSON: first those of the whole search (to frame the map),
// then, each time the map moves, those of the area on screen — never the whole country at once.
(function () {
  "use strict";
  var container = document.getElementById("directory-map");
  var source = document.getElementById("directory-map-data");
  if (!container || !source || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var status = document.getElementById("carte-etat");
  var points = [];
  var asked = 0; // the latest request: an answer that arrives after a newer request is dropped
  var lastZone = null;
  var pending = null; // the request that waits for the map to stop moving
  // No fade: a half-transparent popup is unreadable while it appears (and fails contrast checks).
  var map = L.map(container, { scrollWheelZoom: false, fadeAnimation: false });
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  }
  var layer = L.layerGroup().addTo(map);
  var CELL = 56; // pixels: points closer than this on screen are grouped
  // The page's language, from Django's JavaScript catalog (the French text when it is missing).
  var _ = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var fill = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, name) { return String(values[name]); });
  };

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function popupFor(point) {
    var html = '<a href="' + escapeHtml(point.url) + '">' + escapeHtml(point.name) + "</a><br>" +
      escapeHtml(point.organisation);
    if (point.approximate) {
      html += "<br><em>" + escapeHtml(_("Position approximative")) +
        (point.where ? " (" + escapeHtml(point.where) + ")" : "") + "</em>";
    }
    return html;
  }

  function groupMarker(group) {
    var count = group.length;
    var label = count === 1 ? group[0].name :
      fill(ngettext("%(n)s service regroupé", "%(n)s services regroupés", count), { n: count }, true);
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
    points.forEach(function (point) {
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

  function say(answer, whole) {
    var n = answer.points.length;
    if (answer.truncated) {
      var first = {};
      answer.points.forEach(function (p) { first[p.id] = true; });
      status.textContent = fill(whole ?
        _("La carte montre les lieux des %(n)s premiers services trouvés : zoomez, ou choisissez une Cité, un quartier ou un thème, pour les voir tous.") :
        _("La carte montre les lieux des %(n)s premiers services dans la zone affichée : zoomez, ou choisissez une Cité, un quartier ou un thème, pour les voir tous."),
        { n: Object.keys(first).length }, true);
    } else if (n === 0) {
      status.textContent = whole ? _("Aucun des services trouvés n'a de lieu connu.") :
        _("Aucun lieu dans la zone affichée : déplacez la carte ou dézoomez.");
    } else {
      // A service without its own address is drawn at the centre of each quarter it serves.
      var services = {};
      answer.points.forEach(function (p) { services[p.id] = true; });
      var count = Object.keys(services).length;
      var places = fill(ngettext("%(n)s lieu", "%(n)s lieux", n), { n: n }, true);
      if (count < n) {
        places = fill(ngettext("%(places)s de %(count)s service", "%(places)s de %(count)s services", count),
          { places: places, count: count }, true);
      }
      status.textContent = fill(whole ? _("%(places)s trouvés.") : _("%(places)s dans la zone affichée."),
        { places: places }, true);
    }
  }

  // "data-ready" says the markers drawn are those of the area on screen: no request on its way,
  // none waiting for the map to stop moving (the tests, and anything that reads the map, wait
  // for it).
  var inFlight = 0;
  function settle() {
    container.setAttribute("data-ready", !inFlight && pending === null ? "true" : "false");
  }

  function load(zone) {
    var ticket = ++asked;
    inFlight += 1;
    settle();
    var url = data.points_url;
    if (zone) {
      url += (url.indexOf("?") < 0 ? "?" : "&") + "zone=" + zone;
    }
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (answer) {
        if (ticket === asked) {
          points = answer.points;
          say(answer, !zone);
          draw();
        }
        return answer.points;
      })
      .catch(function () {
        if (ticket === asked) {
          status.textContent = _("Les lieux n'ont pas pu être chargés : la liste donne les mêmes informations.");
        }
        return [];
      })
      .then(function (found) {
        inFlight -= 1;
        settle();
        return found;
      });
  }

  // The area on screen, widened to the thousandth of a degree (about 100 m): two close views ask
  // the same address, which the server may have kept.
  function zoneOnScreen() {
    var b = map.getBounds();
    function down(x) { return (Math.floor(x * 1000) / 1000).toFixed(3); }
    function up(x) { return (Math.ceil(x * 1000) / 1000).toFixed(3); }
    return [
      down(Math.max(-90, b.getSouth())), down(Math.max(-180, Math.min(180, b.getWest()))),
      up(Math.min(90, b.getNorth())), up(Math.min(180, Math.max(-180, b.getEast()))),
    ].join(",");
  }

  function reload() {
    window.clearTimeout(pending);
    pending = null;
    var zone = zoneOnScreen();
    if (zone !== lastZone) {
      lastZone = zone;
      load(zone);
    } else {
      settle();
    }
  }

  var framed = null;
  function frame(found) {
    var bounds = L.latLngBounds(found.map(function (p) { return [p.lat, p.lon]; }));
    if (data.origin) {
      // The place searched from, drawn apart from the services' markers.
      bounds.extend([data.origin[0], data.origin[1]]);
    }
    framed = bounds;
    if (bounds.isValid()) {
      map.fitBounds(bounds.pad(0.2), { maxZoom: 14, animate: false });
    } else {
      map.setView([46.6, 2.4], 5, { animate: false });
    }
  }

  if (data.origin) {
    L.circleMarker([data.origin[0], data.origin[1]], { radius: 8, color: "#000091", weight: 3 })
      .bindTooltip(fill(_("Lieu recherché : %(place)s"), { place: data.origin[2] }, true))
      .addTo(map);
  }
  map.setView([46.6, 2.4], 5);
  load(null).then(function (found) {
    frame(found);
    draw();
    map.on("zoomend", draw);
    map.on("moveend", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(reload, 250);
      settle();
    });
  });
  // The map sits in a tab: Leaflet must measure again once the tab is shown, then ask for the
  // places of the area it really shows.
  document.getElementById("onglet-carte").addEventListener("click", function () {
    container.setAttribute("data-ready", "false");
    window.setTimeout(function () {
      map.invalidateSize({ animate: false });
      if (framed && framed.isValid()) {
        // Without animation: the area asked for is the one the map ends on.
        map.fitBounds(framed.pad(0.2), { maxZoom: 14, animate: false });
      }
      lastZone = null;
      reload();
    }, 50);
  });
})();

// The service form's map: a click (or dragging the marker) places the service and fills the
// latitude and longitude fields; typing in those fields moves the marker. Without scripts or
// without a map, the two fields are enough.
(function () {
  "use strict";
  var container = document.getElementById("pin-map");
  var source = document.getElementById("pin-map-data");
  var latInput = document.getElementById("id_latitude");
  var lonInput = document.getElementById("id_longitude");
  if (!container || !source || !latInput || !lonInput || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var map = L.map(container, { scrollWheelZoom: false, fadeAnimation: false });
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 19, attribution: data.attribution }).addTo(map);
  }
  var marker = null;

  function read() {
    var lat = parseFloat(latInput.value.replace(",", "."));
    var lon = parseFloat(lonInput.value.replace(",", "."));
    return isNaN(lat) || isNaN(lon) ? null : L.latLng(lat, lon);
  }

  function write(position) {
    latInput.value = position.lat.toFixed(6);
    lonInput.value = position.lng.toFixed(6);
  }

  function place(position) {
    if (marker) {
      marker.setLatLng(position);
      return;
    }
    marker = L.marker(position, { draggable: true, title: "Position du service", alt: "Position du service" });
    marker.on("dragend", function () { write(marker.getLatLng()); });
    marker.addTo(map);
  }

  var start = read();
  if (start) {
    place(start);
    map.setView(start, 16);
  } else {
    map.setView([data.center[0], data.center[1]], data.zoom || 13);
  }
  map.on("click", function (event) {
    place(event.latlng);
    write(event.latlng);
  });
  [latInput, lonInput].forEach(function (input) {
    input.addEventListener("change", function () {
      var position = read();
      if (position) {
        place(position);
        map.panTo(position);
      }
    });
  });
}());

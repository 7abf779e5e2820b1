// "Utiliser ma position": the browser gives the family's position (when they accept), which
// fills the search's hidden fields and sends it. Without scripts or geolocation the button
// stays hidden and the "Près de" field does the same work.
(function () {
  "use strict";
  var zone = document.getElementById("geoloc-zone");
  var button = document.getElementById("geoloc");
  var status = document.getElementById("geoloc-status");
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_lon");
  if (!zone || !button || !lat || !lon || !("geolocation" in navigator)) {
    return;
  }
  var _ = window.gettext || function (text) { return text; };
  zone.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = _("Recherche de votre position…");
    navigator.geolocation.getCurrentPosition(function (position) {
      lat.value = position.coords.latitude.toFixed(5);
      lon.value = position.coords.longitude.toFixed(5);
      var near = document.getElementById("id_near");
      if (near) { near.value = ""; }
      button.form.submit();
    }, function () {
      status.textContent = _("Position non disponible : tapez une adresse ou un quartier.");
    }, { timeout: 10000, maximumAge: 300000 });
  });
}());

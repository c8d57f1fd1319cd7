/* The small map of a place's edit page: a click (or a tap) puts the marker there and writes its latitude and
   longitude into the form's two fields; typing in the fields moves the marker. The fields are the source of truth:
   without JavaScript, or without tiles, the form works the same. */
(function () {
  "use strict";

  var LOZERE_CENTER = [44.52, 3.5];

  function readJSON(id) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  function parse(text) {
    var value = String(text || "").trim().replace("°", "").replace("\u2212", "-").replace(",", ".").replace(/\s/g, "");
    if (!/^[-+]?\d{1,3}(\.\d+)?$/.test(value)) { return null; }
    return parseFloat(value);
  }

  function format(value) {
    // Six decimals (10 cm), French decimal comma, as the server writes them.
    return value.toFixed(6).replace(/0+$/, "").replace(/\.$/, "").replace(".", ",");
  }

  function init() {
    var container = document.getElementById("position-map");
    var latInput = document.getElementById("id_latitude");
    var lonInput = document.getElementById("id_longitude");
    var status = document.getElementById("position-status");
    var config = readJSON("position-map-config");
    if (!container || !latInput || !lonInput || !config || typeof L === "undefined") { return; }
    container.hidden = false;

    var map = L.map(container, { scrollWheelZoom: false });
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var marker = null;
    if (config.outlineUrl && window.fetch) {
      // Without tiles (tests, or a tile server down) the département's outline still says where one clicks.
      fetch(config.outlineUrl, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error("outline " + response.status); }
        return response.json();
      }).then(function (geojson) {
        L.geoJSON(geojson, { interactive: false, style: { weight: 2, dashArray: "6 4", fillOpacity: 0.04 } }).addTo(map).bringToBack();
      }).catch(function () { /* decoration only */ });
    }

    function current() {
      var lat = parse(latInput.value), lon = parse(lonInput.value);
      return lat === null || lon === null ? null : [lat, lon];
    }

    function place(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = L.marker(latlng, { keyboard: false, title: config.labels.marker, alt: config.labels.marker }).addTo(map);
      }
    }

    var start = current();
    if (start) {
      place(start);
      map.setView(start, 15);
    } else {
      map.setView(config.centre || LOZERE_CENTER, config.centre ? 13 : 8);
    }

    map.on("click", function (event) {
      var lat = event.latlng.lat, lon = event.latlng.lng;
      latInput.value = format(lat);
      lonInput.value = format(lon);
      place([lat, lon]);
      if (status) {
        status.textContent = config.labels.set.replace("%(lat)s", latInput.value).replace("%(lon)s", lonInput.value);
      }
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
    });

    function follow() {
      var position = current();
      if (position) { place(position); map.panTo(position); }
    }
    latInput.addEventListener("change", follow);
    lonInput.addEventListener("change", follow);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* SoLozère places map (Leaflet). The data come from json_script elements rendered by the server;
   the list next to the map holds the same places, so the map is a convenience, never the only way. */
(function () {
  "use strict";

  var LOZERE_CENTER = [44.52, 3.5];
  var outlineCache = null;

  function readJSON(id) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function formatKm(value) {
    return Number(value).toLocaleString(document.documentElement.lang || "fr", {
      minimumFractionDigits: 1, maximumFractionDigits: 1
    });
  }

  function describe(point, labels) {
    var parts = [point.kind_label + " : " + point.name];
    if (point.demo) { parts.push("(" + labels.demoLong + ")"); }
    return parts.join(" ");
  }

  // Shape + letter per kind (circle C, square T, diamond L), dashed border and "démo" tag for demo places:
  // nothing depends on colour alone.
  function markerIcon(point, labels) {
    var classes = "place-marker place-marker-" + point.kind + (point.demo ? " place-marker-demo" : "");
    var html = '<span class="place-marker-shape" aria-hidden="true"><span class="place-marker-letter">' +
      escapeHtml(point.letter) + "</span></span>" +
      (point.demo ? '<span class="place-marker-demo-tag" aria-hidden="true">' + escapeHtml(labels.demo) + "</span>" : "") +
      '<span class="visually-hidden">' + escapeHtml(describe(point, labels)) + "</span>";
    return L.divIcon({ className: classes, html: html, iconSize: [30, 30], iconAnchor: [15, 15], popupAnchor: [0, -16] });
  }

  function popupContent(point, labels) {
    var lines = ['<a href="' + escapeHtml(point.url) + '"><strong>' + escapeHtml(point.name) + "</strong></a>"];
    lines.push(escapeHtml(point.kind_label) + " · " + escapeHtml(point.status_label));
    var place = escapeHtml(point.commune);
    if (point.distance_km !== null && point.distance_km !== undefined) {
      place += " · " + escapeHtml(labels.distance.replace("%(km)s", formatKm(point.distance_km)));
    }
    lines.push(place);
    if (point.approximate) { lines.push("<em>" + escapeHtml(labels.approximate) + "</em>"); }
    if (point.demo) { lines.push("<em>" + escapeHtml(labels.demoLong) + "</em>"); }
    return lines.join("<br>");
  }

  function loadOutline(url) {
    if (!outlineCache) {
      outlineCache = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error("outline " + response.status); }
        return response.json();
      });
    }
    return outlineCache;
  }

  function initMap(container) {
    if (container.dataset.ready) { return; }
    var config = readJSON(container.dataset.config) || {};
    var labels = config.labels || {};
    var single = container.dataset.single === "true";
    var fallback = container.querySelector(".map-fallback");
    if (fallback) { fallback.remove(); }
    container.dataset.ready = "true";

    var map = L.map(container, { scrollWheelZoom: false, zoomSnap: 0.5 });
    map.setView(LOZERE_CENTER, 9);
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution || "", maxZoom: 18 }).addTo(map);
    }
    var markers = L.layerGroup().addTo(map);
    var outlineBounds = null;

    function fit(points) {
      if (points.length === 1) {
        map.setView([points[0].lat, points[0].lon], single ? 13 : 11);
      } else if (points.length > 1) {
        map.fitBounds(L.latLngBounds(points.map(function (p) { return [p.lat, p.lon]; })), { padding: [30, 30], maxZoom: 12 });
      } else if (outlineBounds) {
        map.fitBounds(outlineBounds);
      }
    }

    function render() {
      var points = readJSON(container.dataset.points) || [];
      markers.clearLayers();
      points.forEach(function (point, index) {
        var marker = L.marker([point.lat, point.lon], {
          // Not in the tab order: markers overlap at the département's scale (too small as touch targets), and
          // the list beside the map carries the same places, in the same order, with real links.
          icon: markerIcon(point, labels), title: point.name, keyboard: false, riseOnHover: true
        });
        marker.bindPopup(popupContent(point, labels));
        marker.addTo(markers);
        var element = marker.getElement();
        if (element) {
          element.dataset.placeName = point.name;
          element.dataset.placeKind = point.kind;
          element.dataset.placeIndex = String(index);
          element.setAttribute("aria-hidden", "true");
        }
      });
      container.dataset.markerCount = String(points.length);
      fit(points);
    }

    if (config.outlineUrl) {
      loadOutline(config.outlineUrl).then(function (geojson) {
        var outline = L.geoJSON(geojson, {
          interactive: false,
          style: { color: "#1f5e3a", weight: 2, dashArray: "6 4", fillColor: "#1f5e3a", fillOpacity: 0.04 }
        }).addTo(map);
        outline.bringToBack();
        outlineBounds = outline.getBounds();
        if (!markers.getLayers().length) { map.fitBounds(outlineBounds); }
      }).catch(function () { /* the outline is decoration: the map works without it */ });
    }

    render();
    container.placesMap = { map: map, render: render };
  }

  function markInvalidFields(results) {
    var inner = results.querySelector("[data-invalid-fields]");
    var invalid = inner ? inner.dataset.invalidFields.split(" ").filter(Boolean) : [];
    ["commune", "radius", "demo"].forEach(function (name) {
      var input = document.getElementById("id_" + name);
      if (!input) { return; }
      if (invalid.indexOf(name) >= 0) { input.setAttribute("aria-invalid", "true"); }
      else { input.removeAttribute("aria-invalid"); }
    });
  }

  function init() {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll(".places-map[data-points]").forEach(initMap);
  }

  document.addEventListener("DOMContentLoaded", init);

  // htmx replaced the results: redraw the markers from the new json_script, update the fields' state.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "place-results") { return; }
    markInvalidFields(target);
    var container = document.getElementById("places-map");
    if (container && container.placesMap) { container.placesMap.render(); }
    // A pagination or commune-choice link was replaced by the swap: move focus to the new results.
    var trigger = event.detail.elt;
    if (trigger && trigger.tagName === "A") {
      var heading = document.getElementById("results-title");
      if (heading) { heading.focus(); }
    }
  });
})();

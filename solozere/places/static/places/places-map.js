/* SoLozère places map (Leaflet). The data come from json_script elements rendered by the server;
   the list next to the map holds the same places, so the map is a convenience, never the only way. */
(function () {
  "use strict";

  var LOZERE_CENTER = [44.52, 3.5];
  var MAX_ZOOM = 18;
  var outlineCache = null;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function token(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

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

  // A group of places too close to be told apart at this zoom: its size in a circle, a name for assistive
  // technologies; a click (or Enter) zooms in, or spreads them out when they share a position.
  function clusterIcon(cluster, labels) {
    var count = cluster.getChildCount();
    var text = (labels.cluster || "%(count)s lieux").replace("%(count)s", String(count));
    return L.divIcon({
      className: "place-cluster",
      html: '<span class="place-cluster-count" aria-hidden="true">' + count + '</span><span class="visually-hidden">' +
        escapeHtml(text) + "</span>",
      iconSize: [40, 40]
    });
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

    var map = L.map(container, {
      scrollWheelZoom: false, zoomSnap: 0.5, maxZoom: MAX_ZOOM,
      zoomAnimation: !reduceMotion, fadeAnimation: !reduceMotion, markerZoomAnimation: !reduceMotion
    });
    map.setView(LOZERE_CENTER, 9);
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution || "", maxZoom: MAX_ZOOM }).addTo(map);
    }
    // Markers that overlap are grouped (Leaflet.markercluster, vendored) so that every place can be clicked: a
    // group at the same position spreads out ("spiderfy") when clicked. A single place's map needs no grouping.
    var markers = (!single && typeof L.markerClusterGroup === "function")
      ? L.markerClusterGroup({
        maxClusterRadius: 30, showCoverageOnHover: false, spiderfyOnMaxZoom: true, animate: !reduceMotion,
        iconCreateFunction: function (cluster) { return clusterIcon(cluster, labels); }
      })
      : L.layerGroup();
    markers.addTo(map);
    var searchLayer = L.layerGroup().addTo(map);
    var searchCircle = null;
    var outlineBounds = null;
    var placed = [];

    function fit(points) {
      if (searchCircle) {
        map.fitBounds(searchCircle.getBounds(), { padding: [10, 10] });
      } else if (points.length === 1) {
        map.setView([points[0].lat, points[0].lon], single ? 13 : 11);
      } else if (points.length > 1) {
        map.fitBounds(L.latLngBounds(points.map(function (p) { return [p.lat, p.lon]; })), { padding: [30, 30], maxZoom: 12 });
      } else if (outlineBounds) {
        map.fitBounds(outlineBounds);
      }
    }

    // The commune searched around: its town hall (a cross) and the radius (a circle), not clickable.
    function drawSearch() {
      searchLayer.clearLayers();
      searchCircle = null;
      var search = container.dataset.search ? readJSON(container.dataset.search) : null;
      if (!search) { return; }
      var brand = token("--color-brand", "#1f5e3a");
      searchCircle = L.circle([search.lat, search.lon], {
        radius: search.radius_km * 1000, interactive: false, color: brand, weight: 2, dashArray: "2 6",
        fillColor: brand, fillOpacity: 0.05, className: "search-radius"
      }).addTo(searchLayer);
      L.marker([search.lat, search.lon], {
        interactive: false, keyboard: false,
        icon: L.divIcon({
          className: "search-centre", iconSize: [22, 22], iconAnchor: [11, 11],
          html: '<span class="search-centre-cross" aria-hidden="true"></span>'
        })
      }).addTo(searchLayer);
      container.dataset.searchRadiusKm = String(search.radius_km);
    }

    // Each marker's element exists only while it is drawn (not inside a group): mark it when it is added.
    function decorate(marker) {
      var element = marker.getElement();
      var point = marker.placePoint;
      if (!element || !point) { return; }
      element.dataset.placeName = point.name;
      element.dataset.placeKind = point.kind;
      element.dataset.placeIndex = String(point.index);
    }

    function render() {
      var points = readJSON(container.dataset.points) || [];
      markers.clearLayers();
      placed = [];
      drawSearch();
      if (!searchCircle) { delete container.dataset.searchRadiusKm; }
      var layers = points.map(function (point, index) {
        // In the tab order, named by their kind and name: overlapping ones are grouped, so each can be reached.
        var marker = L.marker([point.lat, point.lon], {
          icon: markerIcon(point, labels), title: point.name, keyboard: true, riseOnHover: true
        });
        marker.placePoint = { name: point.name, kind: point.kind, demo: point.demo, letter: point.letter, index: index };
        marker.bindPopup(popupContent(point, labels));
        marker.on("add", function () { decorate(marker); });
        placed.push(marker);
        return marker;
      });
      if (typeof markers.addLayers === "function") { markers.addLayers(layers); }
      else { layers.forEach(function (marker) { marker.addTo(markers); }); }
      container.dataset.markerCount = String(points.length);
      fit(points);
    }

    // Every marker in the list's order, drawn or inside a group (the browser tests read it).
    function placedPoints() {
      return placed.map(function (marker) { return marker.placePoint; });
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

    // Escape closes an open popup wherever the focus is inside the map (Leaflet listens only while the map itself
    // has the focus, not a marker), and gives the focus back to the marker that opened it.
    container.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !map._popup || !map.hasLayer(map._popup)) { return; }
      var source = map._popup._source;
      map.closePopup();
      var element = source && source.getElement ? source.getElement() : null;
      if (element) { element.focus(); }
    });

    render();
    container.placesMap = { map: map, render: render, points: placedPoints, markers: markers };
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

  // The map was hidden (a phone showing the list): Leaflet measures its box again once it is shown.
  document.addEventListener("places:map-shown", function () {
    var container = document.getElementById("places-map");
    if (container && container.placesMap) {
      container.placesMap.map.invalidateSize();
      container.placesMap.render();
    }
  });

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

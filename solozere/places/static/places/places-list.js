/* SoLozère /lieux/ on a phone: a list/map switch, and filters that fold away. Without this script the filters are
   shown and the map follows the list, reachable from the "Voir la carte" link at the top of the page. */
(function () {
  "use strict";

  // The width below which the list and the map are not side by side (site.css: .places-results-and-map).
  var NARROW = window.matchMedia("(max-width: 55.99rem)");

  function show(views, view, buttons, moveFocus) {
    views.dataset.currentView = view;
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", button.dataset.view === view ? "true" : "false");
    });
    if (view === "map") { document.dispatchEvent(new CustomEvent("places:map-shown")); }
    if (moveFocus) {
      var heading = document.getElementById(view === "map" ? "map-title" : "results-title");
      if (heading) { heading.focus(); }
    }
  }

  function init() {
    var switcher = document.querySelector("[data-view-switch]");
    var views = document.querySelector("[data-places-views]");
    var details = document.querySelector("details[data-filters]");
    // A wide screen has room for the filters: unfold them (a phone keeps them folded unless one is active).
    if (details && !NARROW.matches) { details.open = true; }
    if (!switcher || !views) { return; }
    var buttons = Array.prototype.slice.call(switcher.querySelectorAll("button[data-view]"));
    switcher.hidden = false;
    show(views, "list", buttons, false);
    buttons.forEach(function (button) {
      button.addEventListener("click", function () { show(views, button.dataset.view, buttons, false); });
    });
    // "Voir la carte" at the top of the page: on a phone, switch to the map, then go to it.
    document.querySelectorAll("[data-show-view]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (!NARROW.matches) { return; }
        event.preventDefault();
        show(views, link.dataset.showView, buttons, true);
      });
    });
    // Back on a wide screen both are shown: say so to the map, which may have been hidden.
    NARROW.addEventListener("change", function () { document.dispatchEvent(new CustomEvent("places:map-shown")); });
  }

  document.addEventListener("DOMContentLoaded", init);
})();

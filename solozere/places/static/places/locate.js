/* "Autour de moi": any <button type="button" data-locate-for="<input id>" hidden> is shown when the browser can give
   its position. A click asks for it, asks OUR server for the nearest commune (/lieux/commune-proche, nothing is sent
   anywhere else, and the position is rounded to about 100 m first), puts that commune in the input and submits its
   form. When the position is refused or unavailable, the person types their commune, as without this script.
   Optional: data-locate-url (the endpoint), data-locate-status (the id of a live region for the messages). */
(function () {
  "use strict";

  var DEFAULT_URL = "/lieux/commune-proche";
  var MESSAGES = {
    searching: "Recherche de votre position…",
    denied: "Vous n'avez pas autorisé la localisation : indiquez votre commune dans le champ.",
    unavailable: "Votre position n'a pas pu être trouvée : indiquez votre commune dans le champ.",
    timeout: "La localisation a pris trop de temps : réessayez, ou indiquez votre commune dans le champ.",
    server: "La commune la plus proche n'a pas pu être trouvée : indiquez votre commune dans le champ.",
    found: "Commune la plus proche : %(commune)s. Recherche des lieux autour…"
  };

  function statusRegion(button) {
    var id = button.dataset.locateStatus;
    var region = id ? document.getElementById(id) : null;
    if (!region) {
      // Created when the button is shown, not when there is something to say: a live region must exist first.
      region = document.createElement("p");
      region.className = "locate-status";
      region.setAttribute("role", "status");
      button.insertAdjacentElement("afterend", region);
    }
    return region;
  }

  function say(region, text, isError) {
    region.textContent = text;
    region.classList.toggle("locate-status-error", Boolean(isError));
  }

  function round(value) { return Math.round(value * 1000) / 1000; }

  function locate(button, input, region) {
    button.disabled = true;
    say(region, MESSAGES.searching, false);
    navigator.geolocation.getCurrentPosition(function (position) {
      var url = new URL(button.dataset.locateUrl || DEFAULT_URL, window.location.href);
      url.searchParams.set("lat", String(round(position.coords.latitude)));
      url.searchParams.set("lon", String(round(position.coords.longitude)));
      fetch(url.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (answer) {
          button.disabled = false;
          if (!answer.ok || !answer.body.query) {
            say(region, (answer.body && answer.body.error) || MESSAGES.server, true);
            input.focus();
            return;
          }
          input.value = answer.body.query;
          say(region, MESSAGES.found.replace("%(commune)s", answer.body.commune), false);
          var form = input.form;
          if (form) {
            if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
          }
        })
        .catch(function () {
          button.disabled = false;
          say(region, MESSAGES.server, true);
          input.focus();
        });
    }, function (error) {
      button.disabled = false;
      var text = error.code === 1 ? MESSAGES.denied : (error.code === 3 ? MESSAGES.timeout : MESSAGES.unavailable);
      say(region, text, true);
      input.focus();
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
  }

  function init() {
    if (!("geolocation" in navigator)) { return; }  // the buttons stay hidden: the typed commune is the way
    document.querySelectorAll("button[data-locate-for]").forEach(function (button) {
      var input = document.getElementById(button.dataset.locateFor);
      if (!input || button.dataset.locateReady) { return; }
      button.dataset.locateReady = "true";
      var region = statusRegion(button);
      button.hidden = false;
      button.addEventListener("click", function () { locate(button, input, region); });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();

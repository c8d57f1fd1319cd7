/* SoLozère's core script, loaded by base.html (defer, with the CSP nonce). Every page works without it; it adds:
   - forms with data-confirm="Question ?" ask before they submit (a native <dialog>: focus kept inside, Escape
     cancels, focus back on the button afterwards); without a dialog element, window.confirm asks instead;
   - the error summary's links put the focus in their field (a fragment link only scrolls to it), with its label
     in view. */
(function () {
  "use strict";

  var french = (document.documentElement.lang || "fr").slice(0, 2) !== "en";
  var WORDS = french
    ? { yes: "Oui, continuer", no: "Annuler" }
    : { yes: "Yes, continue", no: "Cancel" };
  var confirmed = new WeakSet();
  var dialog = null;

  function buildDialog() {
    var element = document.createElement("dialog");
    element.className = "confirm-dialog";
    element.setAttribute("aria-labelledby", "confirm-dialog-question");
    var question = document.createElement("p");
    question.id = "confirm-dialog-question";
    var buttons = document.createElement("div");
    buttons.className = "button-group";
    var yes = document.createElement("button");
    yes.type = "button";
    yes.className = "button";
    yes.dataset.answer = "yes";
    var no = document.createElement("button");
    no.type = "button";
    no.className = "button button-secondary";
    no.dataset.answer = "no";
    buttons.append(yes, no);
    element.append(question, buttons);
    document.body.append(element);
    return element;
  }

  function ask(form, submitter) {
    var question = form.dataset.confirm;
    var proceed = function () {
      confirmed.add(form);
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit(submitter || undefined);
      } else {
        form.submit();
      }
    };
    if (typeof HTMLDialogElement !== "function") {
      if (window.confirm(question)) proceed();
      return;
    }
    dialog = dialog || buildDialog();
    var yes = dialog.querySelector("[data-answer=yes]");
    var no = dialog.querySelector("[data-answer=no]");
    dialog.querySelector("p").textContent = question;
    // The confirming button looks like the action it confirms: red for a refusal or a deletion.
    var danger = submitter && submitter.classList.contains("button-danger");
    yes.className = danger ? "button button-danger" : "button";
    yes.textContent = form.dataset.confirmYes || (submitter && submitter.textContent.trim()) || WORDS.yes;
    no.textContent = form.dataset.confirmNo || WORDS.no;
    var answer = function (event) {
      var button = event.target.closest("[data-answer]");
      if (!button) return;
      dialog.close(button.dataset.answer);
    };
    var closed = function () {
      dialog.removeEventListener("click", answer);
      if (dialog.returnValue === "yes") {
        proceed();
      } else if (submitter) {
        submitter.focus();
      }
    };
    dialog.returnValue = "";
    dialog.addEventListener("click", answer);
    dialog.addEventListener("close", closed, { once: true });
    dialog.showModal();
    // The safe answer has the focus first: Enter on a slip of the finger cancels.
    no.focus();
  }

  // Capture phase: runs before htmx's own submit listener, so an hx-post form asks too.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
      if (confirmed.has(form)) {
        confirmed.delete(form);
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      ask(form, event.submitter || null);
    },
    true
  );

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    event.preventDefault();
    var label = document.querySelector("label[for='" + CSS.escape(target.id) + "']");
    var legend = target.closest("fieldset") && target.closest("fieldset").querySelector("legend");
    (legend || label || target).scrollIntoView({ block: "start" });
    if (!target.matches("input, select, textarea, button, a[href], [tabindex]")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: true });
    if (history.replaceState) history.replaceState(null, "", link.hash);
  });
})();

// The "Imprimer" button of the decision letter; without JavaScript the browser's own print command works.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});

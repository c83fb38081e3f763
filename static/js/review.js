/* Review and flashcards: focus follows a swapped-in card, and keyboard shortcuts.
 *
 * Loaded as a file (no inline script, so a strict Content-Security-Policy holds).
 * Every action is also a link or a button, so the page works without it.
 */
(function () {
  "use strict";

  // After htmx swaps in the next card, its heading takes the focus, so a screen
  // reader reads it and the keyboard carries on from there.
  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.detail && event.detail.elt;
    if (!swapped || !swapped.isConnected) return;
    var target = swapped.matches(".focus-on-swap") ? swapped : swapped.querySelector(".focus-on-swap");
    if (target) target.focus();
  });
})();

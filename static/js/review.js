/* Review and flashcards: focus follows a swapped-in card, and keyboard shortcuts
 * (Space shows a flashcard's answer, 1 to 4 rate it: Again, Hard, Good, Easy).
 *
 * Loaded as a file (no inline script, so a strict Content-Security-Policy holds).
 * Every shortcut clicks a link or a button that is on the page, so the page
 * works the same without this file, and without JavaScript.
 */
(function () {
  "use strict";

  function typingIn(element) {
    return Boolean(element.closest("input, textarea, select, [contenteditable]"));
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) {
      return;
    }
    var target = event.target instanceof Element ? event.target : document.body;
    if (typingIn(target)) return;

    if (event.key === " ") {
      var flip = document.querySelector("[data-flip]");
      // Space keeps its own meaning on a button or another link.
      if (!flip || (target.closest("button, summary, a[href]") && target !== flip)) return;
      event.preventDefault();
      flip.click();
      return;
    }
    if (/^[1-4]$/.test(event.key) && !event.shiftKey) {
      var rating = document.querySelector('[data-rating="' + event.key + '"]');
      if (!rating || rating.disabled) return;
      event.preventDefault();
      rating.click();
    }
  });

  // After htmx swaps in the next card (or its back), its heading takes the focus,
  // so that a screen reader reads it and the keyboard carries on from there.
  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.detail && event.detail.elt;
    if (!(swapped instanceof Element) || !swapped.isConnected) return;
    var heading = swapped.matches(".focus-on-swap") ? swapped : swapped.querySelector(".focus-on-swap");
    if (heading) heading.focus();
  });
})();

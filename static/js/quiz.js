/* A match whose options pair one to one with its items (class "one-each"): choosing an
   option another item holds moves it here, and every option held elsewhere reads
   "(used)", in the page's language (the script tag's data-used and data-moved). It
   listens in the capture phase, so the exam's save on change (htmx, on the form) already
   sends the moved answer. Without JavaScript the server refuses an option chosen twice
   with a clear message. On the review page too, whose cards can be such a match. */
(function () {
  "use strict";
  var words = document.currentScript ? document.currentScript.dataset : {};
  var USED = " " + (words.used || "(used)");
  var MOVED = words.moved || "“{choice}” moved here from “{item}”.";

  function baseText(option) {
    var text = option.textContent;
    return text.slice(-USED.length) === USED ? text.slice(0, -USED.length) : text;
  }

  function markUsed(group) {
    var selects = Array.prototype.slice.call(group.querySelectorAll("select"));
    selects.forEach(function (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) return;
        var elsewhere = selects.some(function (other) {
          return other !== select && other.value === option.value;
        });
        option.textContent = baseText(option) + (elsewhere ? USED : "");
      });
    });
  }

  function labelOf(select) {
    var label = document.querySelector("label[for='" + select.id + "']");
    return label ? label.textContent.trim() : "";
  }

  document.addEventListener(
    "change",
    function (event) {
      var select = event.target;
      var group = select.closest && select.closest(".one-each");
      if (!group || select.tagName !== "SELECT" || !select.value) return;
      var chosen = select.options[select.selectedIndex];
      Array.prototype.forEach.call(group.querySelectorAll("select"), function (other) {
        if (other === select || other.value !== select.value) return;
        other.value = "";
        var status = group.parentNode.querySelector(".moved");
        if (status) {
          status.textContent = MOVED.replace("{choice}", baseText(chosen)).replace(
            "{item}",
            labelOf(other)
          );
        }
      });
      markUsed(group);
    },
    true
  );
})();

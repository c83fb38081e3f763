// A new question shows only the editor of the kind chosen above it (without
// JavaScript every kind's editor is shown, and only the chosen one is read).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const kind = document.getElementById("id_kind");
  const editors = document.querySelectorAll(".question-editor[data-kind]");
  if (!kind || kind.tagName !== "SELECT" || editors.length < 2) {
    return;
  }
  const show = () => {
    editors.forEach((editor) => {
      editor.hidden = editor.dataset.kind !== kind.value;
    });
  };
  kind.addEventListener("change", show);
  show();
});

// The interview room's FAQ dialog: open and close it without touching the
// interview (the socket, the transcript and the draft answer carry on).
(function () {
  "use strict";
  const dialog = document.getElementById("faq-dialog");
  const opener = document.getElementById("faq-open");
  const closer = document.getElementById("faq-close");
  if (!dialog || !opener || typeof dialog.showModal !== "function") return;

  opener.addEventListener("click", function () {
    dialog.showModal();
    closer.focus();
  });
  closer.addEventListener("click", function () {
    dialog.close();
  });
  // A click on the backdrop (outside the box) closes it too.
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close();
  });
  // Escape closes a modal dialog natively; focus goes back to the opener.
  dialog.addEventListener("close", function () {
    opener.focus();
  });
})();

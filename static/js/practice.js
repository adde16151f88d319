/* Practice pages: size the competency bars from their data-width (0-100). Styles set
   through the DOM are allowed by the CSP; inline style attributes are not. */
(function () {
  "use strict";
  var bars = document.querySelectorAll(".practice-bars__fill[data-width]");
  Array.prototype.forEach.call(bars, function (bar) {
    var width = Math.max(0, Math.min(100, Number(bar.getAttribute("data-width")) || 0));
    bar.style.width = width + "%";
  });
})();

/* Viva: session report pages.
   - [data-print] buttons open the browser's print dialog
   - [data-report-poll="<api url>"]: while scoring runs, ask the API every few seconds
     and reload the page once the session's scoring status has changed
   No text from the server is inserted into the page here. */
(function () {
  "use strict";

  var POLL_MS = 3000;
  var MAX_POLLS = 200;

  function watchScoring(element) {
    var url = element.getAttribute("data-report-poll");
    var status = element.getAttribute("data-scoring-status");
    var polls = 0;

    function check() {
      polls += 1;
      if (polls > MAX_POLLS) {
        return;
      }
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (body) {
          if (body && body.scoring_status && body.scoring_status !== status) {
            window.location.reload();
          } else {
            window.setTimeout(check, POLL_MS);
          }
        })
        .catch(function () {
          window.setTimeout(check, POLL_MS);
        });
    }

    window.setTimeout(check, POLL_MS);
  }

  function init() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
    document.querySelectorAll("[data-report-poll]").forEach(watchScoring);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

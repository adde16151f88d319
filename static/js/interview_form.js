/* Viva: the interview settings form. Keeps the rubric's "Total" weight up to date while
   weights are typed, and marks it when it does not add up to 100. */
(function () {
  "use strict";

  function updateTotal(form) {
    var output = form.querySelector("[data-rubric-total]");
    if (!output) {
      return;
    }
    var total = 0;
    form.querySelectorAll("[data-rubric-weight]").forEach(function (input) {
      var row = input.closest("tr");
      var removed = row && row.querySelector("input[type=checkbox][name$='-remove']:checked");
      var value = parseInt(input.value, 10);
      if (!removed && !isNaN(value)) {
        total += value;
      }
    });
    output.textContent = String(total);
    // An empty rubric on a new interview is fine: it is drafted from the role.
    output.classList.toggle("rubric-total--off", total !== 100 && total !== 0);
  }

  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("[data-rubric-total]")) {
      return;
    }
    form.addEventListener("input", function () { updateTotal(form); });
    form.addEventListener("change", function () { updateTotal(form); });
    updateTotal(form);
  });
})();

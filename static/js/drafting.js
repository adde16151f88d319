/* Viva: drafting forms (Generate questions, Draft the rubric) show that they are
   working. On submit the button is disabled and reads "Drafting..." until the page
   comes back, so a slow AI provider is not mistaken for a dead button and nobody
   drafts twice. Text is set with textContent only. */
(function () {
  "use strict";

  function buttonsOf(form) {
    var own = Array.prototype.slice.call(form.querySelectorAll("button[type=submit]"));
    if (form.id) {
      var outside = document.querySelectorAll("button[form='" + form.id + "']");
      own = own.concat(Array.prototype.slice.call(outside));
    }
    return own;
  }

  function markBusy(form) {
    buttonsOf(form).forEach(function (button) {
      var label = button.getAttribute("data-busy-label") || "Working…";
      var text = button.querySelector("[data-busy-text]") || button;
      button.setAttribute("data-idle-label", text.textContent);
      text.textContent = label;
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      button.classList.add("is-busy");
    });
    var status = form.querySelector("[data-busy-status]");
    if (status) {
      status.textContent = "Drafting, this can take a few seconds.";
    }
  }

  function reset(form) {
    buttonsOf(form).forEach(function (button) {
      if (!button.hasAttribute("data-idle-label")) {
        return;
      }
      var text = button.querySelector("[data-busy-text]") || button;
      text.textContent = button.getAttribute("data-idle-label");
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.classList.remove("is-busy");
    });
  }

  document.querySelectorAll("form[data-busy-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("aria-busy") === "true") {
        event.preventDefault();
        return;
      }
      form.setAttribute("aria-busy", "true");
      // Disable after the submit has been dispatched, so the form still sends.
      window.setTimeout(function () { markBusy(form); }, 0);
    });
  });

  // Coming back with the browser's Back button restores the page from its cache.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form[data-busy-form]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      reset(form);
    });
  });
})();

/* Viva: small page behaviours shared by every page.
   - dismissible flash messages ([data-flash-dismiss])
   - a confirmation dialog (the app's own <dialog>, not window.confirm) before
     submitting forms (or pressing buttons) with data-confirm="..."
   - tables that scroll sideways (.table-wrap) can be scrolled with the keyboard
   - [data-copy="#input"] buttons copy that field's value ([data-copy-status] says so)
   - the mobile navigation toggle
   - focus the form error summary ([data-error-summary]) so it is announced
   - window.viva.csrfHeaders(): headers for fetch() calls that change state
   Dynamic text is always set with textContent, never as HTML. */
(function () {
  "use strict";

  var CSRF_COOKIE = "csrf_access_token";
  var MOBILE_QUERY = "(max-width: 47.99rem)";

  /** Return the value of a cookie, or null when it is not set. */
  function readCookie(name) {
    var pairs = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < pairs.length; i += 1) {
      var pair = pairs[i].trim();
      var eq = pair.indexOf("=");
      if (eq > -1 && pair.slice(0, eq) === name) {
        try {
          return decodeURIComponent(pair.slice(eq + 1));
        } catch (error) {
          return pair.slice(eq + 1);
        }
      }
    }
    return null;
  }

  /** Headers for a state-changing fetch(): the CSRF double-submit value plus extras. */
  function csrfHeaders(extra) {
    var headers = {};
    var token = readCookie(CSRF_COOKIE);
    if (token) {
      headers["X-CSRF-TOKEN"] = token;
    }
    if (extra) {
      Object.keys(extra).forEach(function (key) {
        headers[key] = extra[key];
      });
    }
    return headers;
  }

  /** Remove a flash message and keep keyboard focus somewhere sensible. */
  function dismissFlash(button) {
    var flash = button.closest(".flash");
    if (!flash) {
      return;
    }
    var container = flash.parentElement;
    var next = flash.nextElementSibling || flash.previousElementSibling;
    flash.remove();
    if (next) {
      var nextButton = next.querySelector("[data-flash-dismiss]");
      if (nextButton) {
        nextButton.focus();
      }
    } else {
      if (container && container.classList.contains("flashes")) {
        container.remove();
      }
      var main = document.getElementById("main");
      if (main) {
        main.focus({ preventScroll: true });
      }
    }
  }

  function onClick(event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) {
      return;
    }
    var dismiss = target.closest("[data-flash-dismiss]");
    if (dismiss) {
      dismissFlash(dismiss);
    }
    var copy = target.closest("[data-copy]");
    if (copy) {
      copyField(copy);
    }
  }

  /** The confirmation dialog, built once: a message, Cancel and a confirm button. */
  var confirmDialog = null;
  function getConfirmDialog() {
    if (confirmDialog) {
      return confirmDialog;
    }
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    var form = document.createElement("form");
    form.method = "dialog";
    var title = document.createElement("h2");
    title.className = "confirm-dialog__title";
    title.id = "confirm-dialog-title";
    title.textContent = "Please confirm";
    var text = document.createElement("p");
    text.className = "confirm-dialog__text";
    var actions = document.createElement("div");
    actions.className = "confirm-dialog__actions";
    var cancel = document.createElement("button");
    cancel.className = "btn btn-secondary";
    cancel.value = "cancel";
    cancel.textContent = "Cancel";
    var ok = document.createElement("button");
    ok.className = "btn btn-primary";
    ok.value = "confirm";
    ok.textContent = "Confirm";
    actions.append(cancel, ok);
    form.append(title, text, actions);
    dialog.append(form);
    document.body.append(dialog);
    confirmDialog = { dialog: dialog, text: text, ok: ok, cancel: cancel };
    return confirmDialog;
  }

  /** Ask before submitting a form (or via a submit button) that carries data-confirm;
      the form is submitted again, with the same button, once the user confirms. */
  function onSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.dataset.confirmed === "true") {
      return;
    }
    var submitter = event.submitter;
    var message =
      (submitter && submitter.getAttribute("data-confirm")) ||
      form.getAttribute("data-confirm");
    if (!message) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    var parts = getConfirmDialog();
    var danger = submitter && /danger/.test(submitter.className);
    parts.text.textContent = message;
    parts.ok.textContent = (submitter && submitter.textContent.trim()) || "Confirm";
    parts.ok.className = "btn " + (danger ? "btn-danger" : "btn-primary");
    parts.dialog.returnValue = "";
    parts.dialog.addEventListener(
      "close",
      function () {
        if (parts.dialog.returnValue !== "confirm") {
          if (submitter) {
            submitter.focus();
          }
          return;
        }
        form.dataset.confirmed = "true";
        try {
          form.requestSubmit(submitter || undefined);
        } finally {
          delete form.dataset.confirmed;
        }
      },
      { once: true }
    );
    parts.dialog.showModal();
    parts.cancel.focus();
  }

  /** Copy the value of the field a [data-copy] button names. */
  function copyField(button) {
    var field = document.querySelector(button.getAttribute("data-copy"));
    var status = document.querySelector("[data-copy-status]");
    if (!field) {
      return;
    }
    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(
        function () {
          say("Copied. Paste it into your message to the candidate.");
        },
        function () {
          say("Press Ctrl+C (or Cmd+C) to copy the selected link.");
        }
      );
    } else {
      say("Press Ctrl+C (or Cmd+C) to copy the selected link.");
    }
  }

  function setUpNavToggle() {
    var header = document.querySelector(".site-header");
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (!header || !toggle || !nav) {
      return;
    }
    var mobile = window.matchMedia(MOBILE_QUERY);

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
      var label = toggle.querySelector(".visually-hidden");
      if (label) {
        label.textContent = open ? "Close menu" : "Menu";
      }
    }

    header.classList.add("has-nav-toggle");
    toggle.hidden = false;
    setOpen(false);

    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open") && mobile.matches) {
        setOpen(false);
        toggle.focus();
      }
    });

    var onChange = function () {
      if (!mobile.matches) {
        setOpen(false);
      }
    };
    if (mobile.addEventListener) {
      mobile.addEventListener("change", onChange);
    } else if (mobile.addListener) {
      mobile.addListener(onChange);
    }
  }

  /** A name for a table box: its caption, else the heading of its section. */
  function tableName(area) {
    var caption = area.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    var section = area.closest("section[aria-labelledby]");
    var heading = section && document.getElementById(section.getAttribute("aria-labelledby"));
    return heading ? heading.textContent.trim() + " (table)" : "Table";
  }

  /** A table box that scrolls sideways gets tabindex=0 (and a name), so keyboard
      users can scroll it; it loses them again when it fits. */
  function updateScrollableTables() {
    var areas = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < areas.length; i += 1) {
      var area = areas[i];
      var scrolls = area.scrollWidth > area.clientWidth + 1;
      if (scrolls && !area.hasAttribute("tabindex")) {
        area.setAttribute("tabindex", "0");
        area.setAttribute("data-scroll-focus", "");
        if (!area.hasAttribute("aria-label") && !area.hasAttribute("aria-labelledby")) {
          area.setAttribute("role", "region");
          area.setAttribute("aria-label", tableName(area));
          area.setAttribute("data-scroll-named", "");
        }
      } else if (!scrolls && area.hasAttribute("data-scroll-focus")) {
        area.removeAttribute("tabindex");
        area.removeAttribute("data-scroll-focus");
        if (area.hasAttribute("data-scroll-named")) {
          area.removeAttribute("role");
          area.removeAttribute("aria-label");
          area.removeAttribute("data-scroll-named");
        }
      }
    }
  }

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  function init() {
    document.addEventListener("click", onClick);
    document.addEventListener("submit", onSubmit, true);
    setUpNavToggle();
    focusErrorSummary();
    updateScrollableTables();
    var pending = false;
    window.addEventListener("resize", function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          updateScrollableTables();
        });
      }
    });
    window.viva.updateScrollableTables = updateScrollableTables;
  }

  window.viva = window.viva || {};
  window.viva.readCookie = readCookie;
  window.viva.csrfHeaders = csrfHeaders;

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* Viva: small page behaviours shared by every page.
   - dismissible flash messages ([data-flash-dismiss])
   - confirm() before submitting forms (or pressing buttons) with data-confirm="..."
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
  }

  /** Ask before submitting a form (or via a submit button) that carries data-confirm. */
  function onSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }
    var submitter = event.submitter;
    var message =
      (submitter && submitter.getAttribute("data-confirm")) ||
      form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
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

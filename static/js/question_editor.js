/* Viva: the interview editor's question list.
   - Drag a question by its handle to reorder it.
   - The up/down buttons (plain forms without JavaScript) move questions in place.
   Either way the new order is sent to the reorder API (JSON, with the CSRF header from
   window.viva.csrfHeaders()); when that fails the previous order comes back and the
   reason is shown. Text is only ever set with textContent. */
(function () {
  "use strict";

  var list = document.querySelector("[data-question-list]");
  if (!list || !window.fetch || !window.viva) {
    return;
  }
  var status = document.querySelector("[data-reorder-status]");
  var reorderUrl = list.getAttribute("data-reorder-url");
  var dragged = null;
  var orderBeforeDrag = null;

  function items() {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > .q-item"));
  }

  function currentOrder() {
    return items().map(function (item) {
      return Number(item.getAttribute("data-question-id"));
    });
  }

  function sameOrder(a, b) {
    return a.length === b.length && a.every(function (id, i) { return id === b[i]; });
  }

  function say(message, isError) {
    if (!status) {
      return;
    }
    status.textContent = message;
    status.classList.toggle("is-error", Boolean(isError));
  }

  /** Numbers, labels and the disabled state of the first and last move buttons. */
  function renumber() {
    var all = items();
    all.forEach(function (item, index) {
      var number = index + 1;
      var badge = item.querySelector("[data-question-number]");
      if (badge) {
        badge.textContent = String(number);
      }
      item.querySelectorAll("[data-move]").forEach(function (button) {
        var direction = button.getAttribute("data-move");
        button.setAttribute("aria-label", "Move question " + number + " " + direction);
        button.disabled = direction === "up" ? index === 0 : index === all.length - 1;
      });
      item.querySelectorAll(".q-item__buttons .visually-hidden").forEach(function (hint) {
        hint.textContent = " question " + number;
      });
    });
  }

  function applyOrder(ids) {
    var byId = {};
    items().forEach(function (item) {
      byId[item.getAttribute("data-question-id")] = item;
    });
    ids.forEach(function (id) {
      list.appendChild(byId[String(id)]);
    });
    renumber();
  }

  function flash(item) {
    item.classList.add("is-moved");
    window.setTimeout(function () { item.classList.remove("is-moved"); }, 900);
  }

  /** Send the order shown; on failure put `previous` back and say why. */
  function save(previous, movedItem) {
    var order = currentOrder();
    list.classList.add("is-saving");
    say("Saving the new order…", false);
    return window
      .fetch(reorderUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: window.viva.csrfHeaders({
          "Content-Type": "application/json",
          Accept: "application/json",
        }),
        body: JSON.stringify({ question_ids: order }),
      })
      .then(function (response) {
        if (response.ok) {
          return null;
        }
        return response.json().then(
          function (body) {
            return (body && body.error && body.error.message) || "The order could not be saved.";
          },
          function () { return "The order could not be saved."; }
        );
      }, function () {
        return "The order could not be saved: no connection to the server.";
      })
      .then(function (problem) {
        list.classList.remove("is-saving");
        if (problem) {
          applyOrder(previous);
          say(problem, true);
          return;
        }
        if (movedItem) {
          flash(movedItem);
          var number = items().indexOf(movedItem) + 1;
          say("Order saved. The question is now number " + number + ".", false);
        } else {
          say("Order saved.", false);
        }
      });
  }

  /* Up and down buttons ------------------------------------------------------------ */
  function onMoveSubmit(event) {
    var form = event.target.closest("[data-move-form]");
    if (!form) {
      return;
    }
    event.preventDefault();
    var item = form.closest(".q-item");
    var direction = form.querySelector("input[name=direction]").value;
    var previous = currentOrder();
    var sibling = direction === "up" ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) {
      return;
    }
    if (direction === "up") {
      list.insertBefore(item, sibling);
    } else {
      list.insertBefore(sibling, item);
    }
    renumber();
    var button = item.querySelector('[data-move="' + direction + '"]');
    if (button && button.disabled) {
      button = item.querySelector("[data-move]:not([disabled])");
    }
    if (button) {
      button.focus();
    }
    save(previous, item);
  }

  /* Drag and drop: the handle is what is dragged; the whole question moves. -------- */
  function onDragStart(event) {
    var handle = event.target.closest ? event.target.closest("[data-drag-handle]") : null;
    var item = handle ? handle.closest(".q-item") : null;
    if (!item) {
      return;
    }
    dragged = item;
    orderBeforeDrag = currentOrder();
    item.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-question-id"));
    if (event.dataTransfer.setDragImage) {
      event.dataTransfer.setDragImage(item, 24, 24);
    }
  }

  function onDragOver(event) {
    if (!dragged) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    var target = event.target.closest ? event.target.closest(".q-item") : null;
    if (!target || target === dragged || target.parentElement !== list) {
      return;
    }
    var box = target.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? target.nextElementSibling : target);
    renumber();
  }

  function onDrop(event) {
    if (dragged) {
      event.preventDefault();
    }
  }

  function onDragEnd() {
    if (!dragged) {
      return;
    }
    var item = dragged;
    dragged = null;
    item.classList.remove("is-dragging");
    if (!sameOrder(orderBeforeDrag, currentOrder())) {
      save(orderBeforeDrag, item);
    }
  }

  list.classList.add("is-enhanced");
  list.querySelectorAll("[data-drag-handle]").forEach(function (handle) {
    handle.setAttribute("draggable", "true");
  });
  list.addEventListener("submit", onMoveSubmit);
  list.addEventListener("dragstart", onDragStart);
  list.addEventListener("dragover", onDragOver);
  list.addEventListener("drop", onDrop);
  list.addEventListener("dragend", onDragEnd);
})();

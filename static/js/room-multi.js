// Several messages per answer: with the box ticked, each message is sent with
// `hold`, so the interviewer waits; "I'm done, reply now" sends `reply_now`.
// static/js/interview.js asks window.vivaMultiMessage whether to hold.
(function () {
  "use strict";
  const root = document.getElementById("interview");
  const panel = document.getElementById("room-multi");
  const toggle = document.getElementById("room-multi-toggle");
  const done = document.getElementById("room-multi-done");
  if (!root || !panel || !toggle || !done || root.dataset.mode !== "candidate") return;

  const key = "viva-multi-" + root.dataset.sessionId;
  let holding = localStorage.getItem(key) === "1";
  let released = false; // "reply now" sent: wait for the interviewer's turn
  let socket = null;
  let refresh = function () {};
  let lastRole = function () { return null; };

  function update() {
    toggle.checked = holding;
    done.hidden = !(holding && !released && lastRole() === "candidate");
    refresh();
  }

  function replyNow() {
    if (!socket) return;
    released = true;
    update();
    socket.timeout(10000).emit("reply_now", {}, function (err) {
      if (err) released = false; // not delivered: offer the button again
      update();
    });
  }

  window.vivaMultiMessage = {
    holding: function () { return holding && !released; },
    state: function (state) {
      // The server holds an answer (e.g. after a reload): keep writing it.
      if (state && state.answer_held && !holding) {
        holding = true;
        localStorage.setItem(key, "1");
      }
      update();
    },
    attach: function (sock, refreshComposer, roleOfLast) {
      socket = sock;
      refresh = refreshComposer;
      lastRole = roleOfLast;
      ["answer_stored", "turn_end", "state"].forEach(function (name) {
        socket.on(name, function () { setTimeout(update, 0); });
      });
      socket.on("turn_start", function () { released = false; setTimeout(update, 0); });
    },
  };

  panel.hidden = false;
  toggle.checked = holding;
  toggle.addEventListener("change", function () {
    holding = toggle.checked;
    localStorage.setItem(key, holding ? "1" : "0");
    // Unticked with messages waiting: the interviewer replies to them now.
    if (!holding && lastRole() === "candidate") replyNow();
    update();
  });
  done.addEventListener("click", replyNow);
})();

// The live interview page: candidate (answers) or recruiter (watches).
// Talks Socket.IO on /interview. All server and model text is inserted with textContent.
(function () {
  "use strict";

  const root = document.getElementById("interview");
  if (!root || typeof io === "undefined") return;

  const mode = root.dataset.mode;
  const sessionId = root.dataset.sessionId;
  const draftKey = "viva:draft:" + sessionId;
  const log = document.getElementById("transcript");
  const typing = document.getElementById("typing");
  const announcer = document.getElementById("announcer");
  const progress = document.getElementById("room-progress");
  const timer = document.getElementById("room-timer");
  const connection = document.getElementById("room-connection");
  const finished = document.getElementById("finished");
  const form = document.getElementById("composer");
  const input = document.getElementById("answer");
  // Several messages per answer (static/js/room-multi.js), when the page offers it.
  const multi = window.vivaMultiMessage || { holding: () => false, attach() {}, state() {} };
  const sendButton = document.getElementById("send");
  const errorBox = document.getElementById("composer-error");

  // The page's words, translated by the server (templates/live/_room_strings.html);
  // English when a page has none. t("key", "fallback", {name: value}) fills {name}.
  const stringsEl = document.getElementById("room-strings");
  const strings = stringsEl ? JSON.parse(stringsEl.textContent) : {};
  function t(key, fallback, values) {
    let text = strings[key] || fallback;
    Object.keys(values || {}).forEach((name) => {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  const bubbles = new Map(); // seq -> {el, text}
  let lastSeq = 0;
  let streaming = null; // {seq, text, el}
  let deadline = null;
  let completed = root.dataset.status === "completed";
  let sending = false;

  function setConnection(state, label) {
    connection.dataset.state = state;
    connection.textContent = label;
  }

  function bubble(seq, role) {
    let entry = bubbles.get(seq);
    if (entry) return entry;
    const item = document.createElement("li");
    item.className = "turn turn--" + role;
    item.dataset.seq = String(seq);
    const who = document.createElement("span");
    who.className = "turn__who";
    const interviewer = root.dataset.interviewer || t("interviewer", "Interviewer");
    who.textContent =
      role === "interviewer" ? interviewer : mode === "watch" ? t("candidate", "Candidate") : t("you", "You");
    const text = document.createElement("p");
    text.className = "turn__text";
    text.dir = "auto"; // answers in right-to-left scripts read in their own direction
    item.append(who, text);
    // Keep the log ordered by seq whatever order events arrive in.
    const later = Array.from(log.children).find((el) => Number(el.dataset.seq) > seq);
    log.insertBefore(item, later || null);
    entry = { el: item, textEl: text, text: "" };
    bubbles.set(seq, entry);
    return entry;
  }

  function setText(entry, text) {
    entry.text = text;
    entry.textEl.textContent = text;
  }

  // Scroll the page to its end: scrolling the last turn into view would leave it
  // hidden under the sticky composer.
  function scrollDown() {
    window.requestAnimationFrame(() => {
      window.scrollTo({ top: document.documentElement.scrollHeight, behavior: "smooth" });
    });
  }

  function renderMessage(message) {
    const entry = bubble(message.seq, message.role);
    entry.el.classList.remove("turn--streaming");
    setText(entry, message.text);
    lastSeq = Math.max(lastSeq, message.seq);
  }

  function canAnswer() {
    return mode === "candidate" && !completed && !streaming && !sending &&
      (lastRole() === "interviewer" || multi.holding());
  }

  function lastRole() {
    const last = log.lastElementChild;
    if (!last) return null;
    return last.classList.contains("turn--interviewer") ? "interviewer" : "candidate";
  }

  function refreshComposer() {
    typing.hidden = !streaming;
    if (!form) return;
    const ready = canAnswer();
    // Typing a draft is always possible; sending waits for the interviewer's turn to end.
    input.disabled = completed;
    sendButton.disabled = !ready || !input.value.trim();
    sendButton.textContent = sending ? t("sending", "Sending…") : t("send", "Send answer");
  }

  function applyState(state) {
    if (!state) return;
    if (state.question_count) {
      progress.textContent = state.question_index
        ? t("question_of", "Question {index} of {count}", {
            index: state.question_index,
            count: state.question_count,
          })
        : t("questions", "{count} questions", { count: state.question_count });
    }
    deadline = state.deadline ? new Date(state.deadline) : null;
    multi.state(state);
    if (state.status === "completed") finish();
    tick();
  }

  function finish() {
    completed = true;
    streaming = null;
    finished.hidden = false;
    progress.textContent = t("complete", "Complete");
    if (form) {
      form.hidden = true;
      localStorage.removeItem(draftKey);
    }
    refreshComposer();
  }

  function tick() {
    if (!timer) return; // untimed: the room has no timer
    if (!deadline || completed) {
      timer.textContent = completed ? "–" : timer.textContent;
      return;
    }
    const seconds = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    const minutes = Math.floor(seconds / 60);
    timer.textContent = minutes + ":" + String(seconds % 60).padStart(2, "0");
  }
  window.setInterval(tick, 1000);

  function startStreaming(seq, partial) {
    const entry = bubble(seq, "interviewer");
    entry.el.classList.add("turn--streaming");
    setText(entry, partial || "");
    streaming = { seq: seq, entry: entry };
    refreshComposer();
    scrollDown();
  }

  // ---- socket ----
  const socket = io("/interview", {
    auth: mode === "watch" ? { watch: sessionId } : {},
    transports: ["websocket", "polling"],
    reconnectionDelayMax: 4000,
  });
  multi.attach(socket, () => refreshComposer(), () => lastRole());

  // ---- connection trouble: say why and what to do instead of spinning ----
  const offline = document.getElementById("room-offline");
  const offlineTitle = document.getElementById("room-offline-title");
  const offlineText = document.getElementById("room-offline-text");
  const offlineLink = document.getElementById("room-offline-link");
  const retryButton = document.getElementById("room-retry");
  const allowedOrigins = (root.dataset.socketOrigins || "").split(" ").filter(Boolean);
  const wrongOrigin =
    allowedOrigins.length > 0 &&
    allowedOrigins.indexOf("*") === -1 &&
    allowedOrigins.indexOf(window.location.origin) === -1;
  const FAILURES_BEFORE_HELP = 3;
  let failures = 0;

  function showTrouble(title, text, linkHref) {
    offlineTitle.textContent = title;
    offlineText.textContent = text;
    offlineLink.hidden = !linkHref;
    if (linkHref) offlineLink.href = linkHref;
    offline.hidden = false;
  }

  function explainFailure(reason) {
    if (reason === "unauthorized") {
      setConnection("lost", t("signed_out", "Signed out"));
      showTrouble(
        mode === "watch" ? "Your sign-in has ended." : t("page_expired", "This interview page has expired."),
        mode === "watch"
          ? "Log in again, then reopen this session from the portal."
          : t("open_link_again", "Open the link in your invitation email again: you continue where you stopped."),
        null,
      );
      retryButton.hidden = true;
      return;
    }
    if (wrongOrigin) {
      setConnection("lost", t("refused", "Refused"));
      const target = (root.dataset.publicUrl || "").replace(/\/$/, "");
      showTrouble(
        t("wrong_address", "This page was opened at an address the server does not accept."),
        t("accepted_addresses", "The interview server only accepts {accepted}, and this page is at {origin}.", {
          accepted: allowedOrigins.join(", "),
          origin: window.location.origin,
        }) +
          " " +
          (mode === "watch"
            ? "Open the same page at the accepted address."
            : t(
                "open_invitation_instead",
                "Open the link in your invitation email instead, or ask the person who invited you.",
              )),
        mode === "watch" && target ? target + window.location.pathname : null,
      );
      return;
    }
    if (failures >= FAILURES_BEFORE_HELP) {
      setConnection("lost", t("offline", "Offline"));
      showTrouble(
        t("cannot_reach", "We can't reach the interview server."),
        navigator.onLine === false
          ? t(
              "device_offline",
              "This device is offline. Check your Wi-Fi or mobile data; we keep trying and your draft is kept.",
            )
          : t(
              "keep_trying",
              "We keep trying every few seconds and your draft is kept on this device. If this lasts, " +
                "check your connection or reload the page; your answers so far are saved.",
            ),
        null,
      );
    }
  }

  retryButton.addEventListener("click", () => {
    setConnection("connecting", t("connecting", "Connecting…"));
    socket.connect();
  });

  socket.on("connect", () => {
    failures = 0;
    offline.hidden = true;
    retryButton.hidden = false;
    setConnection("ok", t("connected", "Connected"));
  });
  socket.on("disconnect", () => setConnection("lost", t("reconnecting", "Reconnecting…")));
  socket.on("connect_error", (err) => {
    failures += 1;
    const reason = err && err.message === "unauthorized" ? "unauthorized" : "failed";
    setConnection("lost", t("reconnecting", "Reconnecting…"));
    explainFailure(reason);
  });

  socket.on("state", (snapshot) => {
    snapshot.messages.forEach(renderMessage);
    streaming = null;
    if (snapshot.streaming) startStreaming(snapshot.streaming.seq, snapshot.streaming.text);
    applyState(snapshot.state);
    refreshComposer();
    scrollDown();
    resendPending();
  });

  // Catching up from the server's database: after a gap in the turn numbers (events
  // relayed from another server process can be missed while Redis is away) and, for
  // watchers, now and then. The server answers with the turns after lastSeq.
  let resyncing = false;
  function resync() {
    if (resyncing || !socket.connected) return;
    resyncing = true;
    socket.timeout(10000).emit("resume", { last_seq: lastSeq }, (err, snapshot) => {
      resyncing = false;
      if (err || !snapshot || !snapshot.ok) return;
      snapshot.messages.forEach(renderMessage);
      if (snapshot.streaming && (!streaming || streaming.seq !== snapshot.streaming.seq)) {
        startStreaming(snapshot.streaming.seq, snapshot.streaming.text);
      } else if (streaming && streaming.seq <= lastSeq) {
        streaming = null; // that turn has ended meanwhile
      }
      applyState(snapshot.state);
      refreshComposer();
      scrollDown();
    });
  }

  function expectSeq(seq) {
    if (seq > lastSeq + 1) resync();
  }

  // A watcher resyncs every 10 s while nothing streams, and also when a streaming turn
  // has been silent that long: its end may have been lost (relayed from another
  // process while Redis was away), and the page would otherwise wait for it for ever.
  let lastTurnEvent = Date.now();
  if (mode === "watch") {
    window.setInterval(() => {
      const stalled = streaming && Date.now() - lastTurnEvent >= 10000;
      if (!completed && (!streaming || stalled)) resync();
    }, 10000);
  }

  socket.on("turn_start", (data) => {
    lastTurnEvent = Date.now();
    expectSeq(data.seq);
    startStreaming(data.seq, "");
  });

  socket.on("turn_delta", (data) => {
    lastTurnEvent = Date.now();
    if (!streaming || streaming.seq !== data.seq) {
      expectSeq(data.seq);
      startStreaming(data.seq, "");
    }
    const entry = streaming.entry;
    const have = entry.text.length;
    if (data.offset > have) return; // a gap: turn_end carries the whole text
    setText(entry, entry.text + data.text.slice(have - data.offset));
    scrollDown();
  });

  socket.on("turn_end", (data) => {
    lastTurnEvent = Date.now();
    expectSeq(data.message.seq);
    renderMessage(data.message);
    streaming = null;
    announcer.textContent = t("interviewer_said", "Interviewer: {text}", { text: data.message.text });
    applyState(data.state);
    refreshComposer();
    scrollDown();
  });

  socket.on("answer_stored", (data) => {
    expectSeq(data.message.seq);
    renderMessage(data.message);
    refreshComposer();
    scrollDown();
  });

  socket.on("completed", (data) => {
    applyState(data.state);
    finish();
  });

  // An answer in another language than the interview's: told once, politely, in the
  // interview's language (the server words it); the candidate may go on as they like.
  const languageNotice = document.getElementById("language-notice");
  socket.on("notice", (data) => {
    if (!languageNotice || !data || !data.message) return;
    languageNotice.textContent = data.message;
    languageNotice.hidden = false;
  });

  // Every socket error comes in the one envelope: {error: {code, message, details}}.
  socket.on("error", (data) => showError(data && data.error && data.error.message));

  // ---- answering ----
  function showError(message) {
    if (!errorBox) return;
    errorBox.textContent = message || "";
    errorBox.hidden = !message;
  }

  function loadDraft() {
    try {
      return JSON.parse(localStorage.getItem(draftKey) || "null") || {};
    } catch (e) {
      return {};
    }
  }

  function saveDraft(draft) {
    localStorage.setItem(draftKey, JSON.stringify(draft));
  }

  function newClientId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }

  function send(clientId, text, integrity) {
    sending = true;
    showError("");
    refreshComposer();
    const payload = { client_id: clientId, text: text, hold: multi.holding() };
    if (integrity) payload.integrity = integrity; // room-integrity.js
    socket.timeout(10000).emit("answer", payload, (err, ack) => {
      sending = false;
      if (err) {
        showError(t("not_sent", "Not sent yet: the connection dropped. It will be sent when we reconnect."));
      } else if (!ack.ok) {
        showError(ack.error.message);
        const draft = loadDraft();
        delete draft.pending;
        saveDraft(draft);
      } else {
        renderMessage({ seq: ack.seq, role: "candidate", text: text });
        input.value = "";
        localStorage.removeItem(draftKey);
        scrollDown();
      }
      refreshComposer();
    });
  }

  function resendPending() {
    const draft = loadDraft();
    if (mode === "candidate" && draft.pending && !sending) send(draft.pending.client_id, draft.pending.text, draft.pending.integrity);
  }

  if (form) {
    const draft = loadDraft();
    if (draft.text) input.value = draft.text;

    input.addEventListener("input", () => {
      const current = loadDraft();
      current.text = input.value;
      saveDraft(current);
      refreshComposer();
    });

    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      // NUL cannot be stored (nor seen on screen): drop it rather than be refused.
      const text = input.value.replace(/\u0000/g, "").trim();
      if (!text || !canAnswer()) return;
      const pending = { client_id: newClientId(), text: text };
      if (window.vivaIntegrity) pending.integrity = window.vivaIntegrity.take();
      saveDraft({ text: input.value, pending: pending });
      send(pending.client_id, pending.text, pending.integrity);
    });
  }

  if (completed) finish();
})();

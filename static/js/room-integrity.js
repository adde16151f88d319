// Integrity signals of each answer, as disclosed on the consent page: characters
// pasted and typed, time to the first keystroke, the fastest typing burst and how
// often the page lost focus. interview.js sends them with the answer
// (window.vivaIntegrity.take()). They are facts for the recruiter, never a score.
(function () {
  "use strict";

  const input = document.getElementById("answer");
  const log = document.getElementById("transcript");
  if (!input) return;

  const BURST_GAP_MS = 1000; // a pause longer than this ends a typing burst
  const BURST_MIN_CHARS = 10; // shorter runs say nothing about typing speed
  let shownAt = performance.now();
  let state;

  function reset() {
    state = { pasted: 0, typed: 0, firstKey: null, focusLost: 0, best: 0, run: null };
  }
  reset();

  function endRun() {
    const run = state.run;
    if (run && run.chars >= BURST_MIN_CHARS && run.last > run.start) {
      state.best = Math.max(state.best, run.chars / ((run.last - run.start) / 1000));
    }
    state.run = null;
  }

  function typed(count) {
    const now = performance.now();
    if (state.firstKey === null) state.firstKey = Math.max(0, now - shownAt);
    state.typed += count;
    if (state.run && now - state.run.last <= BURST_GAP_MS) {
      state.run.chars += count;
      state.run.last = now;
    } else {
      endRun();
      state.run = { start: now, last: now, chars: count };
    }
  }

  input.addEventListener("paste", (event) => {
    const text = event.clipboardData ? event.clipboardData.getData("text") : "";
    if (state.firstKey === null) state.firstKey = Math.max(0, performance.now() - shownAt);
    state.pasted += text.length;
    endRun();
  });

  input.addEventListener("input", (event) => {
    if (event.inputType === "insertText" || event.inputType === "insertCompositionText") {
      typed(event.data ? event.data.length : 1);
    } else if (event.inputType === "insertLineBreak") {
      typed(1);
    }
  });

  window.addEventListener("blur", () => {
    state.focusLost += 1;
  });

  // A new interviewer turn is a new question: the clock to the first keystroke
  // restarts, unless the candidate has already begun this answer.
  if (log) {
    new MutationObserver((changes) => {
      const asked = changes.some((change) =>
        Array.from(change.addedNodes).some(
          (node) => node.classList && node.classList.contains("turn--interviewer")
        )
      );
      if (asked && state.firstKey === null && !input.value) shownAt = performance.now();
    }).observe(log, { childList: true });
  }

  window.vivaIntegrity = {
    // The signals of the answer being sent; the counters start again for the next.
    take() {
      endRun();
      const signals = {
        pasted_chars: state.pasted,
        typed_chars: state.typed,
        burst_cps: Math.round(Math.min(state.best, 999) * 10) / 10,
        focus_lost: state.focusLost,
      };
      if (state.firstKey !== null) signals.first_key_ms = Math.round(state.firstKey);
      reset();
      shownAt = performance.now();
      return signals;
    },
  };
})();

/* Voice in the interview room, practice and hiring alike, off by default and chosen
   by the candidate (the choice is kept on this device):
   - "Read questions aloud": each interviewer turn, once it has finished streaming, is
     spoken: audio from POST /api/v1/tts when the server has a speech service
     (data-tts-url), else, or when that fails, the browser's speechSynthesis.
   - "Dictate answer": where the browser has SpeechRecognition, what is said is added
     to the answer box, which stays editable; nothing is sent until "Send answer".
   Turning either on records the candidate's consent to voice (POST data-consent-url,
   once per page; the server keeps one per text version).
   It watches the transcript that interview.js renders; it never touches the socket. */
(function () {
  "use strict";

  const panel = document.getElementById("room-voice");
  const log = document.getElementById("transcript");
  const answer = document.getElementById("answer");
  if (!panel || !log || !answer) return;

  const readField = document.getElementById("voice-read-field");
  const readBox = document.getElementById("voice-read");
  const dictateButton = document.getElementById("voice-dictate");
  const status = document.getElementById("voice-status");
  const ttsUrl = panel.dataset.ttsUrl || "";
  const consentUrl = panel.dataset.consentUrl || "";
  const synth = "speechSynthesis" in window ? window.speechSynthesis : null;
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition || null;
  const READ_KEY = "viva.voice.read";
  const lang = document.documentElement.lang || "en";

  const canRead = Boolean(ttsUrl || synth);
  if (!canRead && !Recognition) return;
  panel.hidden = false;
  readField.hidden = !canRead;
  dictateButton.hidden = !Recognition;

  // ------------------------------------------------------------ consent to voice
  let consentSent = false;

  function recordVoiceConsent() {
    if (consentSent || !consentUrl) return;
    consentSent = true;
    const base = { "Content-Type": "application/json", Accept: "application/json" };
    fetch(consentUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: window.viva && window.viva.csrfHeaders ? window.viva.csrfHeaders(base) : base,
      body: "{}",
    }).catch(() => {
      consentSent = false; // try again the next time voice is turned on
    });
  }

  // ------------------------------------------------------------ reading aloud
  let audio = null;
  let serviceDown = false; // after a 503, the browser's voice for the rest of the visit

  function stopSpeaking() {
    if (audio) {
      audio.pause();
      URL.revokeObjectURL(audio.src);
      audio = null;
    }
    if (synth) synth.cancel();
  }

  function speakWithBrowser(text) {
    if (!synth) return;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    synth.speak(utterance);
  }

  function requestHeaders() {
    const base = { "Content-Type": "application/json", Accept: "audio/mpeg" };
    return window.viva && window.viva.csrfHeaders ? window.viva.csrfHeaders(base) : base;
  }

  async function speak(text) {
    stopSpeaking();
    if (!text) return;
    if (ttsUrl && !serviceDown) {
      try {
        const response = await fetch(ttsUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: requestHeaders(),
          body: JSON.stringify({ text: text.slice(0, 4096) }),
        });
        if (!response.ok) {
          if (response.status === 503) serviceDown = true;
          throw new Error("speech service " + response.status);
        }
        audio = new Audio(URL.createObjectURL(await response.blob()));
        await audio.play();
        return;
      } catch (error) {
        audio = null; // fall through to the browser's voice
      }
    }
    speakWithBrowser(text);
  }

  function turnText(item) {
    const text = item.querySelector(".turn__text");
    return text ? text.textContent.trim() : "";
  }

  function lastInterviewerTurn() {
    const turns = log.querySelectorAll(".turn--interviewer:not(.turn--streaming)");
    return turns.length ? turns[turns.length - 1] : null;
  }

  readBox.checked = localStorage.getItem(READ_KEY) === "1";
  if (readBox.checked && canRead) recordVoiceConsent();
  readBox.addEventListener("change", () => {
    localStorage.setItem(READ_KEY, readBox.checked ? "1" : "0");
    if (!readBox.checked) {
      stopSpeaking();
      return;
    }
    recordVoiceConsent();
    const last = lastInterviewerTurn(); // the question waiting for an answer
    if (last && last === log.lastElementChild) speak(turnText(last));
  });

  // A turn has finished when interview.js takes its "streaming" class away.
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      const item = mutation.target;
      if (
        readBox.checked &&
        item.classList.contains("turn--interviewer") &&
        !item.classList.contains("turn--streaming") &&
        (mutation.oldValue || "").indexOf("turn--streaming") !== -1
      ) {
        speak(turnText(item));
      }
    }
  }).observe(log, {
    subtree: true,
    attributes: true,
    attributeFilter: ["class"],
    attributeOldValue: true,
  });

  // ------------------------------------------------------------ dictation
  let recognition = null;

  function setDictating(on) {
    dictateButton.setAttribute("aria-pressed", on ? "true" : "false");
    dictateButton.textContent = on ? "Stop dictating" : "Dictate answer";
    if (on) status.textContent = "Listening… your words appear in the answer box.";
  }

  function addToAnswer(said) {
    const words = said.trim();
    if (!words) return;
    const before = answer.value;
    answer.value = before && !/\s$/.test(before) ? before + " " + words : before + words;
    answer.dispatchEvent(new Event("input", { bubbles: true })); // draft + Send button
  }

  function startDictation() {
    stopSpeaking(); // the microphone must not hear the interviewer
    recordVoiceConsent();
    recognition = new Recognition();
    recognition.lang = lang;
    recognition.continuous = true;
    recognition.interimResults = false;
    recognition.onresult = (event) => {
      for (let i = event.resultIndex; i < event.results.length; i += 1) {
        if (event.results[i].isFinal) addToAnswer(event.results[i][0].transcript);
      }
    };
    recognition.onerror = (event) => {
      status.textContent =
        event.error === "not-allowed" || event.error === "service-not-allowed"
          ? "Dictation needs permission to use the microphone."
          : "Dictation stopped. You can type or try again.";
    };
    recognition.onend = () => {
      recognition = null;
      setDictating(false);
      if (status.textContent.indexOf("Listening") === 0) status.textContent = "";
    };
    try {
      recognition.start();
      setDictating(true);
    } catch (error) {
      recognition = null;
      status.textContent = "Dictation could not start. You can type your answer.";
    }
  }

  dictateButton.addEventListener("click", () => {
    if (recognition) recognition.stop();
    else startDictation();
  });
})();

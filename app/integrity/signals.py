"""What is measured per answer, its bounds, and how it reads as plain facts.

Plain data in, plain data out: the socket schema, the report and the webhook rule
all read these definitions, so the consent page's wording and what is stored agree.
"""

MAX_CHARS = 100_000  # more than an answer may hold (app.live.answers); pasted + typed
MAX_MS = 24 * 3600 * 1000
MAX_RATE = 1000.0  # characters per second; no hand types faster
MAX_FOCUS_LOST = 10_000
# The one disclosed rule: an answer of at least MOSTLY_PASTED_MIN_CHARS characters
# of which more than MOSTLY_PASTED_SHARE were pasted sends `integrity.flagged`.
MOSTLY_PASTED_SHARE = 0.5
MOSTLY_PASTED_MIN_CHARS = 40
FIELDS = ("pasted_chars", "typed_chars", "first_key_ms", "burst_cps", "focus_lost")
# The consent page lists exactly these, in this order.
DISCLOSURE = (
    "how many characters of each answer were pasted and how many were typed",
    "the time from the question appearing to your first keystroke",
    "your fastest typing burst, in characters per second",
    "how many times the interview page lost focus while you answered (another "
    "window or tab)",
)
NOT_USED = (
    "These are shown to the hiring team as plain facts beside each answer. They "
    "never change a score or a recommendation. When more than half of an answer of "
    "40 characters or more is pasted, the hiring team's systems are told so; "
    "nothing else happens automatically."
)


def cleaned(signals: dict | None) -> dict | None:
    """The stored form: only known fields, numbers as given (validated by the
    socket schema), or None when the page sent nothing."""
    if not signals:
        return None
    kept = {key: signals[key] for key in FIELDS if signals.get(key) is not None}
    return kept or None


def mostly_pasted(signals: dict | None, answer_chars: int) -> bool:
    """The disclosed rule: more than half of a 40+ character answer was pasted."""
    if not signals or answer_chars < MOSTLY_PASTED_MIN_CHARS:
        return False
    pasted = min(int(signals.get("pasted_chars") or 0), answer_chars)
    return pasted / answer_chars > MOSTLY_PASTED_SHARE


def _seconds(ms: int) -> str:
    return f"{ms / 1000:.1f} s" if ms < 60_000 else f"{ms / 60_000:.1f} min"


def facts(signals: dict | None, answer_chars: int) -> list[str]:
    """Plain sentences for the report: "pasted 412 of 430 characters", ..."""
    if not signals:
        return []
    lines = []
    pasted = signals.get("pasted_chars")
    if pasted is not None:
        pasted = min(int(pasted), answer_chars)
        lines.append(
            f"pasted {pasted:,} of {answer_chars:,} characters"
            if pasted
            else "nothing pasted"
        )
    if signals.get("first_key_ms") is not None:
        lines.append(f"first keystroke after {_seconds(int(signals['first_key_ms']))}")
    if signals.get("burst_cps"):
        lines.append(f"fastest typing burst {float(signals['burst_cps']):.1f} chars/s")
    lost = signals.get("focus_lost")
    if lost is not None:
        lines.append(
            "page kept focus"
            if not lost
            else f"page lost focus {int(lost)} time{'s' if lost != 1 else ''}"
        )
    return lines


def summary(answers: list[tuple[dict | None, int]]) -> dict | None:
    """Per-interview totals over (signals, answer characters) pairs; None when no
    answer carried signals (an older page, the API)."""
    measured = [(s, n) for s, n in answers if s]
    if not measured:
        return None
    chars = sum(n for _s, n in measured)
    pasted = sum(min(int(s.get("pasted_chars") or 0), n) for s, n in measured)
    return {
        "answers": len(measured),
        "chars": chars,
        "pasted_chars": pasted,
        "mostly_pasted": sum(1 for s, n in measured if mostly_pasted(s, n)),
        "focus_lost": sum(int(s.get("focus_lost") or 0) for s, _n in measured),
        "fastest_burst_cps": max(
            (float(s.get("burst_cps") or 0) for s, _n in measured), default=0.0
        ),
    }

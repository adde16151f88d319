"""Evidence from a candidate's own words: sentences, verbatim quotes, word stems, and
phrases that try to instruct the evaluator.

Plain text in, plain data out: the evaluator and the report pages both use this, so a
quote the evaluator keeps is exactly a piece of text the page can highlight.
"""

import re

from app.ai.injection import findings, is_injection, visible
from app.ai.words import sentences, stem, stems, word_count

__all__ = [
    "addressed_to_evaluator",
    "find_verbatim",
    "highlight",
    "manipulation_phrases",
    "sanitised_answer",
    "sentences",
    "stem",
    "stems",
    "word_count",
]
MIN_QUOTE_CHARS = 8
MAX_QUOTE_CHARS = 400
_QUOTE_TRIM = " \t\n\"'“”‘’.…,;:-"

MANIPULATION_PATTERNS = [
    r"\b(ignore|disregard|forget|override)\b[^.!?\n]{0,40}\b(instructions?|prompts?|"
    r"rules|rubric|guidelines|criteria)\b",
    r"\b(give|score|rate|mark|grade|award)\s+(me|this|my\s+answer|this\s+answer|"
    r"the\s+candidate|him|her|them)\b[^.!?\n]{0,25}\b(10|ten|100|perfect|full|"
    r"maximum|max|top|highest)\b",
    r"\b(full|perfect|maximum|top)\s+(marks|score|points)\b",
    r"\bhighest\s+(possible\s+)?(score|rating|mark)\b",
    r"\byou\s+are\s+now\b",
    r"\bnew\s+instructions?\b",
    r"\bsystem\s+prompt\b",
    r"\bpretend\s+(you|to\s+be)\b",
    r"\b(as|dear|attention)\s+(the\s+)?(ai|evaluator|grader|scorer|interviewer|model)"
    r"\b[^.!?\n]{0,30}\b(must|should|will|please)\b",
    r"\b(recommend|advance|hire)\s+me\b",
    r"</?\s*candidate_answer\s*>",
    r"\b(score|rate|mark|grade)\s+(this|me|my\s+answer|it)\s+(highly|high|well|"
    r"generously)\b",
    r"\b(rubric|guidelines|criteria)\s+(says?|tells?|wants?|asks?)\b[^.!?\n]{0,40}"
    r"\b(give|score|rate|award|10|ten|full|perfect)\b",
    r"\bshould\s+(be\s+)?(rated|scored|marked|graded)\b",
]
_MANIPULATION = [re.compile(p, re.IGNORECASE) for p in MANIPULATION_PATTERNS]
# A sentence that talks to whoever scores it rather than about the question: it is
# never evidence and never counts towards a score, whether or not it is flagged.
_TO_THE_EVALUATOR = re.compile(
    r"\b(evaluator|grader|scorer|(?:the|your)\s+rubric|full marks|"
    r"score\s+(?:me|this|it|my)|rate\s+(?:me|this|it|my)|(?:this|my)\s+answer\s+(?:is|deserves|should)|"
    r"(?:give|award)\s+(?:me|this|it)\s+(?:a\s+)?(?:10|ten|full|perfect|top)|"
    r"out\s+of\s+10|10\s*/\s*10|i\s+(?:really\s+)?need\s+this\s+job)\b",
    re.IGNORECASE,
)

# A line of a JSON object pasted into an answer: `{`, `}`, `"key": ...`
_JSON_LINE = re.compile(r"""^\s*(?:[{}\[\]]|["'][\w ]{1,40}["']\s*:)""")


def find_verbatim(quote: str, sources: list[str]) -> str | None:
    """The quote as it stands in one of the sources, or None when it is not there.

    Surrounding quotation marks, ellipses and spaces are cut first, and a run of
    whitespace matches any run; everything else must match exactly (case included).
    The returned text is the source's own, so it can be highlighted there.
    """
    core = (quote or "").strip(_QUOTE_TRIM)
    if len(core) < MIN_QUOTE_CHARS or len(core) > MAX_QUOTE_CHARS:
        return None
    if len(core.split()) < 2:
        return None
    pattern = re.compile(r"\s+".join(re.escape(part) for part in core.split()))
    for source in sources:
        match = pattern.search(source or "")
        if match:
            return match.group(0)
    return None


def addressed_to_evaluator(sentence: str) -> bool:
    """True when a sentence speaks to the evaluator (pleas, scores, the rubric)."""
    return (
        bool(_TO_THE_EVALUATOR.search(sentence))
        or any(pattern.search(sentence) for pattern in _MANIPULATION)
        or is_injection(sentence)
    )


def manipulation_phrases(texts: list[str]) -> list[str]:
    """Phrases in the candidate's texts that try to instruct the evaluator or the
    interviewer, found in normalised text (app/ai/injection.py) and by the older
    plain patterns."""
    found = []
    for text in texts:
        phrases = []
        for pattern in _MANIPULATION:  # as written, where the plain patterns see it
            phrases += [m.group(0).strip() for m in pattern.finditer(text or "")]
        for finding in findings(text or ""):
            phrase = finding["phrase"]
            if not any(phrase in seen.casefold() for seen in phrases):
                phrases.append(phrase)
        for phrase in phrases:
            if phrase not in found:
                found.append(phrase)
    return found


def sanitised_answer(text: str) -> str:
    """The answer a model may read: hidden characters cut, and every sentence (or
    line) that speaks to the evaluator dropped; what stays is verbatim."""
    kept = []
    for line in visible(text).splitlines():
        if _JSON_LINE.match(line) or (is_injection(line) and not sentences(line)[1:]):
            continue
        kept.append(
            " ".join(s for s in sentences(line) if not addressed_to_evaluator(s))
        )
    return "\n".join(line for line in kept if line.strip())


def highlight(text: str, quotes: list[str]) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_evidence) runs, quotes merged where they overlap.

    Templates render the pieces with autoescaping, marking evidence with <mark>, so
    no markup from the text can ever reach the page.
    """
    spans = []
    for quote in quotes:
        if not quote:
            continue
        start = text.find(quote)
        while start != -1:
            spans.append((start, start + len(quote)))
            start = text.find(quote, start + len(quote))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, cursor = [], 0
    for start, end in merged:
        if start > cursor:
            pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], False))
    return pieces

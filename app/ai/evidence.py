"""Evidence from a candidate's own words: sentences, verbatim quotes, word stems, and
phrases that try to instruct the evaluator.

Plain text in, plain data out: the evaluator and the report pages both use this, so a
quote the evaluator keeps is exactly a piece of text the page can highlight.
"""

import re

from app.ai.interviewer import STOPWORDS

STEM_LENGTH = 6
MIN_QUOTE_CHARS = 8
MAX_QUOTE_CHARS = 400
# Words too common in answers to say anything about the topic.
WEAK_WORDS = STOPWORDS | {
    "first",
    "then",
    "thing",
    "things",
    "way",
    "good",
    "make",
    "made",
    "get",
    "got",
    "like",
    "well",
    "lot",
    "bit",
    "think",
    "know",
    "sure",
    "yes",
    "okay",
    "able",
    "want",
    "need",
    "try",
    "tried",
    "say",
    "said",
    "see",
    "going",
    "went",
    "kind",
    "sort",
    "stuff",
    "work",
    "worked",
    "working",
    "question",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")
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
]
_MANIPULATION = [re.compile(p, re.IGNORECASE) for p in MANIPULATION_PATTERNS]


def sentences(text: str) -> list[str]:
    """The text's sentences, each a verbatim substring of it (surrounding space cut)."""
    parts = (part.strip() for part in _SENTENCE_END.split(text or ""))
    return [part for part in parts if part]


def stem(word: str) -> str:
    """A crude, deterministic English stem: a common suffix cut, then at most six
    letters, so 'profiling' meets 'profile', 'paginate' meets 'pagination' and
    'queries' meets 'query'."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    else:
        for suffix in ("ing", "ed", "er", "es", "s"):
            if len(word) - len(suffix) >= 4 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word[:STEM_LENGTH]


def stems(text: str) -> set[str]:
    """Stems of the text's meaningful words (three letters or more, no stopwords)."""
    words = _WORD.findall((text or "").lower())
    return {stem(w) for w in words if len(w) >= 3 and w not in WEAK_WORDS}


def word_count(text: str) -> int:
    """Words in the text."""
    return len((text or "").split())


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


def manipulation_phrases(texts: list[str]) -> list[str]:
    """Phrases in the candidate's texts that try to instruct the evaluator."""
    found = []
    for text in texts:
        for pattern in _MANIPULATION:
            for match in pattern.finditer(text or ""):
                phrase = match.group(0).strip()
                if phrase not in found:
                    found.append(phrase)
    return found


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

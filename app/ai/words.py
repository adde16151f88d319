"""Plain-text building blocks shared by the offline AI: sentences, word stems and
the words too common to mean anything. No Flask, no database, no state."""

import re

STEM_LENGTH = 6
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "then",
        "so",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "they",
        "them",
        "their",
        "he",
        "she",
        "his",
        "her",
        "there",
        "here",
        "what",
        "which",
        "who",
        "whom",
        "when",
        "where",
        "why",
        "how",
        "not",
        "no",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "having",
        "can",
        "could",
        "would",
        "should",
        "will",
        "just",
        "really",
        "very",
        "also",
        "about",
        "into",
        "over",
        "than",
        "too",
        "more",
        "most",
        "some",
        "any",
        "all",
        "each",
        "other",
        "such",
        "only",
        "own",
        "same",
        "both",
        "few",
        "many",
        "much",
        "one",
        "two",
    }
)
# Words too common in answers to say anything about the topic.
WEAK_WORDS = STOPWORDS | frozenset(
    {
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
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")


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


def stem_sequence(text: str) -> list[str]:
    """Stems of the text's meaningful words in order (no stopwords, two letters up)."""
    words = WORD.findall((text or "").lower())
    return [stem(w) for w in words if len(w) >= 2 and w not in STOPWORDS]


def stems(text: str) -> set[str]:
    """Stems of the text's meaningful words (three letters or more, no weak words)."""
    words = WORD.findall((text or "").lower())
    return {stem(w) for w in words if len(w) >= 3 and w not in WEAK_WORDS}


def word_count(text: str) -> int:
    """Words in the text."""
    return len((text or "").split())

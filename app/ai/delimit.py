"""Candidate text in prompts: the one place it is capped, escaped and delimited.

Everything a candidate wrote reaches a model only as `<candidate_answer>...
</candidate_answer>` data, and nothing inside can open or close that delimiter: any
`<` that starts something resembling the tag (any case, spaces or a slash inside) is
written as `&lt;`. Text a model wrote after reading candidate text (the interviewer's
earlier turns) is escaped the same way, so it cannot fake a delimiter either.
"""

import re

TAG = "candidate_answer"
# "<" opening anything that reads like the tag: </CANDIDATE_ANSWER>, < candidate answer
_TAG_START = re.compile(r"<(?=\s*/?\s*candidate[\s_-]*answer)", re.IGNORECASE)


def cap(text: str, limit: int) -> str:
    """Cut text to a limit, marking the cut."""
    text = text or ""
    return text if len(text) <= limit else text[:limit] + " [...]"


def escape_tags(text: str) -> str:
    """Text that cannot open or close the candidate delimiter."""
    return _TAG_START.sub("&lt;", text or "")


def candidate_text(text: str, limit: int) -> str:
    """Candidate text capped to `limit` characters, escaped and delimited."""
    return f"<{TAG}>{escape_tags(cap(text, limit))}</{TAG}>"


FAQ_TAG = "role_faq"
_FAQ_TAG_START = re.compile(r"<(?=\s*/?\s*role[\s_-]*faq)", re.IGNORECASE)
MAX_FAQ_ITEM_CHARS = 600


def faq_block(items: list[dict], limit: int = MAX_FAQ_ITEM_CHARS) -> str:
    """The recruiter's FAQ as delimited data: each pair capped, and no text inside
    can open or close this delimiter or the candidate's."""

    def clean(text: str) -> str:
        return _FAQ_TAG_START.sub("&lt;", escape_tags(cap(text, limit)))

    lines = [
        f"Q: {clean(item['question'])}\nA: {clean(item['answer'])}" for item in items
    ]
    return f"<{FAQ_TAG}>\n" + "\n\n".join(lines) + f"\n</{FAQ_TAG}>"

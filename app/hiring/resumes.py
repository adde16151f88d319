"""Resumes: checked by content on upload, then read in a background job.

A resume is a PDF (starts with %PDF-, opens with pypdf) or a DOCX (a ZIP holding
word/document.xml, opens with python-docx). File names prove nothing: an executable
renamed .pdf fails the magic-byte check. A DOCX is a ZIP, so its uncompressed size is
checked from the ZIP directory before anything decompresses it (zip bombs).
"""

import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache

from app.ai.bank import load_bank
from app.errors import ValidationError

log = logging.getLogger(__name__)

MAX_RESUME_BYTES = 10 * 1024 * 1024
# A real DOCX resume is a few hundred KB uncompressed; 50 MB is far beyond any.
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_DOCX_ENTRIES = 2000
MAX_COMPRESSION_RATIO = 200
MAX_PDF_PAGES = 30
MAX_TEXT_CHARS = 100_000
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa", b"#!")

# Phrases that address an AI reading the text rather than a person.
INJECTION_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"ignore\s+(all\s+)?(the\s+)?(previous|prior|above|earlier)\s+instructions",
        r"disregard\s+(all\s+)?(the\s+)?(previous|prior|above)",
        r"\b(rate|score|rank)\s+(this|the|me)\s+(candidate|applicant|resume)?\s*\d+",
        r"\bsystem\s+prompt\b",
        r"you\s+are\s+(now\s+)?(an?\s+)?(ai|assistant|language model|chatgpt)",
        r"\bhire\s+(this|me)\s+(candidate\s+)?immediately\b",
        r"</?\s*(system|instructions?|candidate[_ ]answer)\s*>",
    )
]


def _problem(message: str) -> ValidationError:
    return ValidationError(message, details={"resume": [message]})


def inspect_resume(data: bytes) -> str:
    """'pdf' or 'docx' when the bytes really are one (opened, not just sniffed);
    otherwise a ValidationError that says what is wrong."""
    if not data:
        raise _problem("The resume file is empty.")
    if len(data) > MAX_RESUME_BYTES:
        raise _problem("The resume is larger than 10 MB.")
    if data.startswith(EXECUTABLE_MAGIC):
        raise _problem("This file is a program, not a resume. Upload a PDF or DOCX.")
    if data.startswith(b"%PDF-"):
        _open_pdf(data)
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        _open_docx(data)
        return "docx"
    raise _problem("Upload the resume as a PDF or a Word (.docx) document.")


def _open_pdf(data: bytes):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _problem("The PDF is password-protected. Upload one without it.")
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise _problem("The PDF is damaged and cannot be opened.") from None
    except Exception:  # pypdf raises a wide range of errors on hostile input
        log.warning("pypdf failed to open an uploaded PDF", exc_info=True)
        raise _problem("The PDF is damaged and cannot be opened.") from None
    if pages == 0:
        raise _problem("The PDF has no pages.")
    return reader


def _check_zip(data: bytes) -> None:
    """Refuse a ZIP that is not a DOCX or would inflate far beyond a real resume."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise _problem("The Word document is damaged and cannot be opened.") from None
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise _problem("Upload the resume as a PDF or a Word (.docx) document.")
        total = sum(entry.file_size for entry in entries)
        packed = sum(entry.compress_size for entry in entries) or 1
        if (
            len(entries) > MAX_DOCX_ENTRIES
            or total > MAX_DOCX_UNCOMPRESSED
            or total / packed > MAX_COMPRESSION_RATIO
        ):
            raise _problem("The Word document expands to an unreasonable size.")


def _open_docx(data: bytes):
    _check_zip(data)
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # python-docx and lxml raise many kinds on broken parts
        raise _problem("The Word document is damaged and cannot be opened.") from None


class ResumeUnreadable(Exception):
    """The file opened, but no text could be taken from it (the reason says why)."""


def extract_text(kind: str, data: bytes) -> str:
    """The resume's text; ResumeUnreadable when there is none (e.g. a scan)."""
    try:
        if kind == "pdf":
            reader = _open_pdf(data)
            parts = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
        else:
            document = _open_docx(data)
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                parts += [cell.text for row in table.rows for cell in row.cells]
    except ValidationError as error:
        raise ResumeUnreadable(error.message) from None
    except Exception:
        log.warning("A resume could not be read", exc_info=True)
        raise ResumeUnreadable("The file could not be read.") from None
    text = "\n".join(part.strip() for part in parts if part and part.strip())
    text = text.replace("\x00", "")[:MAX_TEXT_CHARS]
    if len(re.sub(r"\W", "", text)) < 20:
        raise ResumeUnreadable(
            "No text found in the file: it may be a scanned image. Ask the applicant "
            "for a text PDF or a Word document."
        )
    return text


@lru_cache(maxsize=1)
def skill_vocabulary() -> tuple[dict, dict]:
    """The offline skill words: every skill the question bank tags, plus aliases."""
    bank = load_bank()
    aliases = bank["skill_aliases"]
    skills = set()
    for entry in bank["questions"]:
        skills.update(canonical_skill(s, aliases) for s in entry["skills"])
    skills.discard("")
    return {skill: skill for skill in skills}, aliases


def canonical_skill(skill: str, aliases: dict | None = None) -> str:
    """One spelling per skill: lower-case, aliases resolved ("k8s" is kubernetes)."""
    if aliases is None:
        aliases = skill_vocabulary()[1]
    words = phrase(skill).strip()
    return aliases.get(words, words)


def phrase(text: str) -> str:
    """Lower-case, punctuation-light text, padded, to find whole skill phrases in."""
    text = re.sub(r"[^a-z0-9+#./ ]+", " ", text.lower().replace("-", " "))
    return " " + " ".join(w.strip(".") for w in text.split() if w.strip(".")) + " "


def find_skills(text: str, extra: list[str] = ()) -> list[str]:
    """Skills named in the text: the vocabulary's, its aliases', and `extra` ones
    (an opening's required skills), each in its canonical spelling."""
    vocabulary, aliases = skill_vocabulary()
    haystack = phrase(text)
    found = set()
    candidates = [*vocabulary, *aliases, *extra]
    for word in candidates:
        needle = phrase(word)
        if needle.strip() and needle in haystack:
            found.add(canonical_skill(word, aliases))
    # "design" inside "api design" is not a second skill.
    return sorted(
        skill
        for skill in found
        if not any(other != skill and f" {skill} " in f" {other} " for other in found)
    )


YEARS = re.compile(
    r"(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)(?:\s+of)?(?:\s+\w+){0,3}\s+experience",
    re.IGNORECASE,
)


def find_years(text: str) -> float | None:
    """The largest "N years (of ...) experience" the text states, if any."""
    values = [float(m) for m in YEARS.findall(text) if float(m) <= 60]
    return max(values) if values else None


def level_for_years(years: float | None) -> str | None:
    """The experience level a number of years usually means."""
    if years is None:
        return None
    for limit, level in ((1, "junior"), (4, "mid"), (8, "senior"), (12, "lead")):
        if years < limit:
            return level
    return "principal"


def injection_flags(text: str) -> list[str]:
    """Passages that read like instructions to an AI; flagged, never obeyed."""
    flags = []
    for pattern in INJECTION_PATTERNS:
        for match in pattern.finditer(text):
            start = max(0, match.start() - 30)
            flags.append(" ".join(text[start : match.end() + 30].split()))
            if len(flags) >= 5:
                return flags
    return flags


@dataclass
class ParsedResume:
    text: str
    skills: list[str]
    years: float | None
    level: str | None
    flags: list[str] = field(default_factory=list)


def parse_resume(kind: str, data: bytes, extra_skills: list[str] = ()) -> ParsedResume:
    """Text, skills, years and level of a resume; raises ResumeUnreadable."""
    text = extract_text(kind, data)
    years = find_years(text)
    return ParsedResume(
        text=text,
        skills=find_skills(text, extra_skills),
        years=years,
        level=level_for_years(years),
        flags=injection_flags(text),
    )

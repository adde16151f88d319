"""Turning a pasted list, an uploaded CSV or a JSON array into candidate rows.

Parsing never rejects a row: a row it cannot read carries a `problem`, and the service
reports it as invalid next to the rows it invites. Only the input as a whole can be
refused (unreadable file, no rows, too many rows), and then nothing is stored.
"""

import csv
import io
import re
from dataclasses import dataclass

from app.errors import ValidationError

MAX_ROWS = 1000
_ANGLE_FORM = re.compile(r"^(?P<name>.*?)<(?P<email>[^<>]*)>\s*$")
EMAIL_HEADERS = {"email", "e-mail", "email address", "e-mail address", "mail"}
NAME_HEADERS = {
    "name",
    "full name",
    "full_name",
    "fullname",
    "candidate",
    "candidate name",
}


@dataclass
class CandidateRow:
    """One candidate as given: row (line or position, from 1), email, name, problem."""

    row: int
    email: str
    name: str = ""
    problem: str | None = None


def _clean(value) -> str:
    return " ".join(str(value or "").split())


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1].strip()
    return _clean(value)


def _looks_like_email(value: str) -> bool:
    return "@" in value


def parse_line(row: int, line: str) -> CandidateRow:
    """One pasted line: "email, name", "name, email", "Name <email>" or a bare email."""
    match = _ANGLE_FORM.match(line.strip())
    if match:
        return CandidateRow(row, _clean(match["email"]), _unquote(match["name"]))
    first, _, rest = line.replace("\t", ",").partition(",")
    first, rest = _unquote(first), _unquote(rest)
    if not _looks_like_email(first) and _looks_like_email(rest) and "," not in rest:
        first, rest = rest, first
    return CandidateRow(row, first, rest)


def parse_pasted(text: str) -> list[CandidateRow]:
    """Rows from pasted text, one candidate per non-blank line (row = line number)."""
    rows = [
        parse_line(number, line)
        for number, line in enumerate((text or "").splitlines(), start=1)
        if line.strip()
    ]
    return _bounded(rows, "Paste at least one candidate, one per line.")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "The file is not UTF-8 text.",
            details={"file": ["Save the CSV as UTF-8 and upload it again."]},
        ) from exc


def _header_columns(cells: list[str]) -> tuple[int, int | None] | None:
    """(email column, name column) when the row is a header naming an email column."""
    names = [_clean(cell).lower() for cell in cells]
    if any(_looks_like_email(name) for name in names):
        return None
    email_column = next(
        (i for i, name in enumerate(names) if name in EMAIL_HEADERS), None
    )
    if email_column is None:
        return None
    name_column = next(
        (i for i, name in enumerate(names) if name in NAME_HEADERS), None
    )
    return email_column, name_column


def _csv_row(row: int, cells: list[str], columns) -> CandidateRow:
    if columns is not None:
        email_column, name_column = columns
        email = cells[email_column] if email_column < len(cells) else ""
        has_name = name_column is not None and name_column < len(cells)
        return CandidateRow(
            row, _clean(email), _clean(cells[name_column]) if has_name else ""
        )
    filled = [cell for cell in cells if cell.strip()]
    if len(cells) > 2 and len(filled) > 2:
        return CandidateRow(
            row,
            _clean(cells[0]),
            _clean(cells[1]),
            "Expected two columns: email, name.",
        )
    email, name = (
        (_clean(cells[0]) if cells else ""),
        (_clean(cells[1]) if len(cells) > 1 else ""),
    )
    if not _looks_like_email(email) and _looks_like_email(name):
        email, name = name, email
    return CandidateRow(row, email, name)


def parse_csv(data: bytes) -> list[CandidateRow]:
    """Rows from a CSV of email,name (a header row naming the columns is optional)."""
    text = _decode(data)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ValidationError(
            "The file could not be read as CSV.",
            details={"file": [f"CSV error: {exc}."]},
        ) from exc
    numbered = [
        (n, cells)
        for n, cells in enumerate(records, 1)
        if any(c.strip() for c in cells)
    ]
    columns = _header_columns(numbered[0][1]) if numbered else None
    if columns is not None:
        numbered = numbered[1:]
    rows = [_csv_row(number, cells, columns) for number, cells in numbered]
    return _bounded(rows, "The file holds no candidates.", field="file")


def rows_from_items(items: list[dict]) -> list[CandidateRow]:
    """Rows from the API's {"invitations": [{email, name}, ...]} (row = position)."""
    rows = [
        CandidateRow(number, _clean(item.get("email")), _clean(item.get("name")))
        for number, item in enumerate(items, start=1)
    ]
    return _bounded(rows, "Send at least one invitation.", field="invitations")


def _bounded(rows: list[CandidateRow], empty_message: str, field: str = "candidates"):
    if not rows:
        raise ValidationError(empty_message, details={field: [empty_message]})
    if len(rows) > MAX_ROWS:
        message = f"Invite at most {MAX_ROWS} candidates at once ({len(rows)} given)."
        raise ValidationError(message, details={field: [message]})
    return rows

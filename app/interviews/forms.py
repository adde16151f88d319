"""Between HTML forms and the API schemas: form fields -> payloads, errors -> messages.

Pages validate with the same schemas as the API. Numbers typed into a form are converted
when they parse and passed through as text when they do not, so the schema reports them.
"""

import re

from werkzeug.datastructures import MultiDict

from app.errors import AppError, AuthError, Forbidden, NotFound, ValidationError
from app.models import Interview, Question

TEXT_SETTINGS = (
    "role_title",
    "job_description",
    "seniority",
    "language",
    "persona_name",
    "persona_tone",
    "extra_instructions",
)
INT_SETTINGS = (
    "time_limit_minutes",
    "follow_up_depth",
    "invite_expiry_days",
    "reminder_days_before",
)
FLOAT_SETTINGS = ("advance_threshold", "consider_threshold")
RUBRIC_CELLS = (
    "key",
    "name",
    "weight",
    "anchor1",
    "anchor2",
    "anchor3",
    "anchor4",
    "anchor5",
)
BLANK_RUBRIC_ROWS = 2
_RUBRIC_FIELD = re.compile(r"^rubric-(\d{1,2})-(\w+)$")


def parse_number(raw: str, kind: type):
    """A typed number as int/float when it parses, else the text (for the schema)."""
    text = (raw or "").strip()
    try:
        return kind(text)
    except ValueError:
        return text


def split_list(raw: str, *, lines: bool = False) -> list[str]:
    """Comma-separated (or one-per-line) text as a list of non-empty items."""
    parts = (raw or "").splitlines() if lines else re.split(r"[,\n]", raw or "")
    return [part.strip() for part in parts if part.strip()]


def slugify(name: str) -> str:
    """A rubric key from a competency name: 'Problem solving' -> 'problem_solving'."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:40]
    return slug if slug[:1].isalpha() else f"c_{slug}"[:40]


def rubric_rows(form: MultiDict) -> list[dict]:
    """The rubric table's rows as typed, in order."""
    rows: dict[int, dict] = {}
    for name, value in form.items():
        match = _RUBRIC_FIELD.match(name)
        if match and match.group(2) in (*RUBRIC_CELLS, "remove"):
            rows.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return [dict(rows[index], index=index) for index in sorted(rows)]


def _row_is_blank(row: dict) -> bool:
    return not any(
        (row.get(cell) or "").strip() for cell in RUBRIC_CELLS if cell != "key"
    )


def rubric_payload(rows: list[dict]) -> tuple[list[dict], list[int]]:
    """The rubric items of the kept rows, and the table row each item came from."""
    items, row_of_item = [], []
    for row in rows:
        if row.get("remove") or _row_is_blank(row):
            continue
        anchors = {
            str(score): row.get(f"anchor{score}", "")
            for score in (1, 2, 3, 4, 5)
            if score in (1, 3, 5) or (row.get(f"anchor{score}") or "").strip()
        }
        items.append(
            {
                "key": (row.get("key") or "").strip() or slugify(row.get("name") or ""),
                "name": row.get("name", ""),
                "weight": parse_number(row.get("weight", ""), int),
                "anchors": anchors,
            }
        )
        row_of_item.append(row["index"])
    return items, row_of_item


def settings_payload(form: MultiDict) -> tuple[dict, list[int]]:
    """The interview schema's input from the settings form, and the rubric row map."""
    payload = {name: form[name] for name in TEXT_SETTINGS if name in form}
    payload.update(
        {name: parse_number(form[name], int) for name in INT_SETTINGS if name in form}
    )
    payload.update(
        {
            name: parse_number(form[name], float)
            for name in FLOAT_SETTINGS
            if name in form
        }
    )
    if "skills" in form:
        payload["skills"] = split_list(form["skills"])
    if "time_limit_minutes" in form:  # the settings form: an unticked box is absent
        payload["untimed"] = form.get("untimed") == "1"
    row_map: list[int] = []
    if any(name.startswith("rubric-") for name in form):
        payload["rubric"], row_map = rubric_payload(rubric_rows(form))
    return payload, row_map


def question_payload(form: MultiDict, *, editing: bool = False) -> dict:
    """The question schema's input from a question form."""
    payload = {
        name: form[name]
        for name in ("kind", "difficulty", "text", "model_answer")
        if name in form
    }
    if "skills" in form:
        payload["skills"] = split_list(form["skills"])
    if "key_points" in form:
        payload["key_points"] = split_list(form["key_points"], lines=True)
    if "follow_up_budget" in form:
        payload["follow_up_budget"] = parse_number(form["follow_up_budget"], int)
    if editing:
        payload["approved"] = form.get("approved") == "1"
    return payload


def _index(part) -> int | None:
    """A list position in an error path (int, or its string form in API details)."""
    if isinstance(part, int):
        return part
    return int(part) if isinstance(part, str) and part.isdigit() else None


def _label(part) -> str:
    index = _index(part)
    return f"#{index + 1}" if index is not None else str(part).replace("_", " ")


def _walk(messages, path=()):
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from _walk(value, (*path, key))
    elif isinstance(messages, list | tuple):
        for message in messages:
            yield from _walk(message, path)
    else:
        yield path, str(messages)


def _rubric_message(path: tuple, message: str, row_map: list[int] | None) -> str:
    """'Row 2, weight: ...' for an error inside the rubric table."""
    index = _index(path[0])
    row = row_map[index] if row_map and index < len(row_map) else index
    where = [str(part).replace("_", " ") for part in path[1:] if part != "anchors"]
    if len(path) > 2 and path[1] == "anchors":
        where = [f"score {path[2]} description"]
    return f"Row {row + 1}{', ' + ' '.join(where) if where else ''}: {message}"


def form_errors(error: AppError, row_map: list[int] | None = None) -> dict:
    """An error as form messages; a missing record is re-raised (a 404, not a form)."""
    if isinstance(error, NotFound | Forbidden | AuthError):
        raise error
    if isinstance(error, ValidationError) and error.details:
        return page_errors(error.details, row_map)
    return {"_form": [error.message]}


def page_errors(details: dict, row_map: list[int] | None = None) -> dict:
    """Per-field messages for a form; nested ones (rubric rows, list items) labelled."""
    errors: dict[str, list[str]] = {}
    for field, messages in details.items():
        for path, message in _walk(messages):
            if field == "rubric" and path and _index(path[0]) is not None:
                message = _rubric_message(path, message, row_map)
            elif path:
                message = f"{' '.join(_label(part) for part in path)}: {message}"
            errors.setdefault(field, []).append(message)
    return errors


def rubric_cell_errors(details: dict, row_map: list[int]) -> set[str]:
    """Names of the rubric inputs that hold an error, e.g. {"rubric-1-weight"}."""
    cells = set()
    rubric = details.get("rubric")
    if not isinstance(rubric, dict):
        return cells
    for key, fields in rubric.items():
        index = _index(key)
        if index is None or not isinstance(fields, dict) or index >= len(row_map):
            continue
        for name, messages in fields.items():
            if name == "anchors" and isinstance(messages, dict):
                cells.update(f"rubric-{row_map[index]}-anchor{n}" for n in messages)
            else:
                cells.add(f"rubric-{row_map[index]}-{name}")
    return cells


NEW_INTERVIEW = {
    "role_title": "",
    "job_description": "",
    "seniority": "mid",
    "language": "en",
    "persona_name": "Alex",
    "persona_tone": "warm and professional",
    "extra_instructions": "",
    "skills": [],
    "time_limit_minutes": 30,
    "untimed": False,
    "follow_up_depth": 1,
    "invite_expiry_days": 7,
    "reminder_days_before": 2,
    "advance_threshold": 7.5,
    "consider_threshold": 5.0,
}


def _rubric_row(index: int, item: dict) -> dict:
    anchors = item.get("anchors") or {}
    row = {
        "index": index,
        "key": item["key"],
        "name": item["name"],
        "weight": str(item["weight"]),
    }
    row.update(
        {f"anchor{score}": anchors.get(str(score), "") for score in (1, 2, 3, 4, 5)}
    )
    return row


def settings_values(interview: Interview | None = None) -> dict:
    """The settings form's values for an interview, or the defaults for a new one."""
    source = (
        {name: getattr(interview, name) for name in NEW_INTERVIEW}
        if interview
        else NEW_INTERVIEW
    )
    values = {name: str(source[name]) for name in (*TEXT_SETTINGS, *INT_SETTINGS)}
    values.update({name: f"{source[name]:g}" for name in FLOAT_SETTINGS})
    values["skills"] = ", ".join(source["skills"] or [])
    values["untimed"] = bool(source["untimed"])
    # A new interview's rubric is drafted from its role when it is created.
    rubric = interview.rubric if interview else []
    values["rubric_rows"] = with_blank_rows(
        [_rubric_row(index, item) for index, item in enumerate(rubric)]
    )
    return values


def with_blank_rows(rows: list[dict]) -> list[dict]:
    """Rows plus empty ones for adding competencies."""
    start = max((row["index"] for row in rows), default=-1) + 1
    blanks = [{"index": start + n} for n in range(BLANK_RUBRIC_ROWS)]
    return [row for row in rows if not _row_is_blank(row) or row.get("key")] + blanks


def form_settings_values(form: MultiDict) -> dict:
    """The settings form's values as typed, to show again next to its errors."""
    values = {
        name: form.get(name, "")
        for name in (*TEXT_SETTINGS, *INT_SETTINGS, *FLOAT_SETTINGS, "skills")
    }
    values["untimed"] = form.get("untimed") == "1"
    values["rubric_rows"] = with_blank_rows(
        [row for row in rubric_rows(form) if not row.get("remove")]
    )
    return values


def question_values(question: Question | None, follow_up_depth: int = 1) -> dict:
    """A question form's values for a question (or a blank one)."""
    if question is None:
        return {
            "kind": "technical",
            "difficulty": "medium",
            "follow_up_budget": str(follow_up_depth),
        }
    return {
        "kind": question.kind,
        "difficulty": question.difficulty,
        "text": question.text,
        "skills": ", ".join(question.skills or []),
        "key_points": "\n".join(question.key_points or []),
        "model_answer": question.model_answer or "",
        "follow_up_budget": str(question.follow_up_budget),
        "approved": question.approved,
    }

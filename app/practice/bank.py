"""The practice question bank in the database: loading it from the files, coverage.

`load_bank` is an idempotent upsert keyed by the bank's ids; questions no longer in
the files are retired, not deleted (sessions keep referring to them).
"""

from collections import Counter
from pathlib import Path

from sqlalchemy import select, update

from app.ai.bank_files import QUESTIONS_DIR, read_bank, validate_bank
from app.extensions import db
from app.models import BankQuestion, utcnow
from app.practice.upsert import upsert

FIELDS = ("track", "company", "difficulty", "kind", "text", "tags")
FIELDS += ("key_points", "model_answer", "follow_ups")


class BankInvalid(Exception):
    """The files have problems; `problems` lists them."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problems in the question bank")
        self.problems = problems


def load_bank(root: Path = QUESTIONS_DIR) -> dict[str, int]:
    """Insert or update every question of the files; retire the ones that left.

    Refuses an invalid bank. Returns counts: loaded, retired, active.
    """
    problems = validate_bank(root)
    if problems:
        raise BankInvalid(problems)
    entries = read_bank(root)
    now = utcnow()
    for entry in entries:
        row = {name: entry[name] for name in FIELDS}
        row.update(
            id=entry["id"],
            main_tag=entry["tags"][0],
            retired=False,
            created_at=now,
            updated_at=now,
        )
        upsert(
            BankQuestion, row, ["id"], [*FIELDS, "main_tag", "retired", "updated_at"]
        )
    ids = [entry["id"] for entry in entries]
    retired = db.session.execute(
        update(BankQuestion)
        .where(BankQuestion.id.not_in(ids), BankQuestion.retired.is_(False))
        .values(retired=True, updated_at=now)
    ).rowcount
    db.session.flush()
    return {"loaded": len(entries), "retired": retired, "active": len(entries)}


def ensure_loaded() -> None:
    """Load the bank from its files when the database holds none of it yet (a server
    started without `flask questions load`); idempotent and safe to race."""
    if db.session.scalar(select(BankQuestion.id).limit(1)) is None:
        load_bank()


def coverage() -> dict:
    """How many active questions the bank holds per track, company, difficulty, tag
    and (track, company, difficulty) cell."""
    rows = db.session.execute(
        select(
            BankQuestion.track,
            BankQuestion.company,
            BankQuestion.difficulty,
            BankQuestion.tags,
        ).where(BankQuestion.retired.is_(False))
    ).all()
    cells = Counter((r.track, r.company, r.difficulty) for r in rows)
    return {
        "total": len(rows),
        "tracks": dict(Counter(r.track for r in rows)),
        "companies": dict(Counter(r.company for r in rows)),
        "difficulties": dict(Counter(r.difficulty for r in rows)),
        "tags": dict(Counter(tag for r in rows for tag in r.tags)),
        "cells": [
            {"track": t, "company": c, "difficulty": d, "count": n}
            for (t, c, d), n in sorted(cells.items())
        ],
    }

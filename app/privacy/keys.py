"""Key rotation: every encrypted column re-encrypted under the newest key.

Rows are read and written as raw tokens (no decrypt-then-encrypt through the ORM), in
batches of PII_BATCH_SIZE, each batch its own transaction. A token the newest key
already opens is skipped, so a rotation stopped half-way (crash, Ctrl-C) resumes by
running it again, and a second run changes nothing. Stored resume files are
re-encrypted the same way (each file replaced atomically), after the columns.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select, text

from app.extensions import db
from app.hiring import storage
from app.models import Application
from app.models.crypto import keyring
from app.privacy.registry import encrypted_columns


@dataclass
class RotationReport:
    """Counts per column ("table.column"): tokens re-encrypted and already current."""

    rotated: dict[str, int] = field(default_factory=dict)
    current: dict[str, int] = field(default_factory=dict)

    @property
    def total_rotated(self) -> int:
        return sum(self.rotated.values())

    @property
    def total_current(self) -> int:
        return sum(self.current.values())


def _rotate_batch(table: str, column: str, rows) -> tuple[int, int]:
    keys = keyring()
    changes = [
        {"token": keys.rotate(token), "row_id": row_id}
        for row_id, token in rows
        if token and not keys.is_current(token)
    ]
    if changes:
        db.session.execute(
            text(f"UPDATE {table} SET {column} = :token WHERE id = :row_id"), changes
        )
    return len(changes), len(rows) - len(changes)


def rotate_keys(
    *,
    batch_size: int | None = None,
    after_batch: Callable[[str, int], None] | None = None,
) -> RotationReport:
    """Re-encrypt every encrypted value under the newest key; commits per batch.

    after_batch(column, rows_done) runs after each committed batch (progress output).
    """
    size = batch_size or current_app.config["PII_BATCH_SIZE"]
    report = RotationReport()
    for table, column in encrypted_columns():
        name = f"{table}.{column}"
        report.rotated[name] = report.current[name] = 0
        last_id, done = 0, 0
        while True:
            rows = db.session.execute(
                text(
                    f"SELECT id, {column} FROM {table} WHERE id > :last "
                    f"AND {column} IS NOT NULL AND {column} <> '' "
                    f"ORDER BY id LIMIT {int(size)}"
                ),
                {"last": last_id},
            ).all()
            if not rows:
                break
            rotated, current = _rotate_batch(table, column, rows)
            db.session.commit()
            report.rotated[name] += rotated
            report.current[name] += current
            last_id, done = rows[-1][0], done + len(rows)
            if after_batch is not None:
                after_batch(name, done)
    _rotate_files(size, report, after_batch)
    return report


def _rotate_files(size: int, report: RotationReport, after_batch) -> None:
    """Re-encrypt every stored resume file under the newest key."""
    name = "files.resumes"
    report.rotated[name] = report.current[name] = 0
    last_id, done = 0, 0
    while True:
        rows = db.session.execute(
            select(Application.id, Application.resume_path)
            .where(Application.id > last_id, Application.resume_path != "")
            .order_by(Application.id)
            .limit(size)
        ).all()
        if not rows:
            return
        for _id, key in rows:
            rewritten = storage.rotate_file(key)
            if rewritten is not None:
                report.rotated[name] += int(rewritten)
                report.current[name] += int(not rewritten)
        last_id, done = rows[-1][0], done + len(rows)
        if after_batch is not None:
            after_batch(name, done)

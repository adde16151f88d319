"""privacy2: applications encrypted at rest, retention per workspace and opening

Revision ID: 0019_privacy2
Revises: 0018_calibration

Converts existing rows in place (both dialects): applicants' names, emails, phone
numbers, cover letters, resume file names and resume text become Fernet tokens under
the newest PII_ENCRYPTION_KEYS key, applications get their keyed email hash (the
"one application per email per opening" rule moves onto it), and the stored resume
files under UPLOAD_DIR are encrypted in place. Adds `anonymized_at` to applications
and a retention period to workspaces and openings; consents may come from the
interview room (voice). Runs in batches of 500 rows.
"""

import os
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from flask import current_app

from app.models.crypto import Keyring, email_hash_with

revision = "0019_privacy2"
down_revision = "0018_calibration"
branch_labels = None
depends_on = None

BATCH = 500
PERSONAL = ("name", "email", "phone", "cover_letter", "resume_filename", "resume_text")
FILE_TOKEN = b"gAAAAA"
SOURCES = ("welcome_page", "practice_page", "api", "application_form")
NEW_SOURCES = (*SOURCES, "interview_room")


def _sources_check(batch_op, sources) -> None:
    """Swap the consent source CHECK (voice consents come from the interview room)."""
    batch_op.drop_constraint(op.f("ck_consent_records_source"), type_="check")
    listed = ", ".join(f"'{source}'" for source in sources)
    batch_op.create_check_constraint("source", f"source IN ({listed})")


def _keyring() -> Keyring:
    config = current_app.config
    return Keyring(config["PII_ENCRYPTION_KEYS"], config["PII_HASH_KEY"])


def _rows(columns):
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = (
            connection.execute(
                sa.text(
                    f"SELECT id, {', '.join(columns)} FROM applications "
                    f"WHERE id > :last ORDER BY id LIMIT {BATCH}"
                ),
                {"last": last_id},
            )
            .mappings()
            .all()
        )
        if not rows:
            return
        yield from rows
        last_id = rows[-1]["id"]


def _write(row_id, values):
    assignments = ", ".join(f"{name} = :{name}" for name in values)
    op.get_bind().execute(
        sa.text(f"UPDATE applications SET {assignments} WHERE id = :id"),
        {**values, "id": row_id},
    )


def _resume_files(transform):
    """Rewrite each application's stored resume through transform(bytes)."""
    root = Path(current_app.config["UPLOAD_DIR"]).resolve()
    for row in list(_rows(["resume_path"])):
        path = (root / row["resume_path"]).resolve()
        if root not in path.parents or not path.is_file():
            continue
        rewritten = transform(path.read_bytes())
        if rewritten is not None:
            partial = path.with_suffix(path.suffix + ".migrating")
            partial.write_bytes(rewritten)
            os.replace(partial, path)


def _foreign_keys(enabled: bool) -> None:
    """SQLite's batch mode recreates the table; keep cascades from firing."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")


def upgrade():
    keys = _keyring()
    _foreign_keys(False)
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_constraint("uq_applications_opening_id_email", type_="unique")
        batch_op.drop_index("ix_applications_email")
        batch_op.add_column(sa.Column("email_hash", sa.String(length=64)))
        batch_op.add_column(
            sa.Column("anonymized_at", sa.DateTime(timezone=True), nullable=True)
        )
        for column in ("name", "email", "phone", "resume_filename"):
            batch_op.alter_column(column, existing_type=sa.String(), type_=sa.Text())
    for row in list(_rows(PERSONAL)):
        values = {c: keys.encrypt(row[c]) if row[c] else row[c] for c in PERSONAL}
        values["email_hash"] = email_hash_with(keys, row["email"])
        _write(row["id"], values)
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.alter_column(
            "email_hash", existing_type=sa.String(length=64), nullable=False
        )
        batch_op.create_index("ix_applications_email_hash", ["email_hash"])
        batch_op.create_unique_constraint(
            "uq_applications_opening_id_email_hash", ["opening_id", "email_hash"]
        )
    _resume_files(
        lambda data: None if data.startswith(FILE_TOKEN) else keys.encrypt_bytes(data)
    )
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        _sources_check(batch_op, NEW_SOURCES)
    _foreign_keys(True)


def downgrade():
    keys = _keyring()
    _foreign_keys(False)
    op.execute("DELETE FROM consent_records WHERE source = 'interview_room'")
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        _sources_check(batch_op, SOURCES)
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("retention_days")
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.drop_column("retention_days")
    _resume_files(
        lambda data: keys.decrypt_bytes(data) if data.startswith(FILE_TOKEN) else None
    )
    for row in list(_rows(PERSONAL)):
        _write(
            row["id"], {c: keys.decrypt(row[c]) if row[c] else row[c] for c in PERSONAL}
        )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_constraint(
            "uq_applications_opening_id_email_hash", type_="unique"
        )
        batch_op.drop_index("ix_applications_email_hash")
        batch_op.drop_column("email_hash")
        batch_op.drop_column("anonymized_at")
        batch_op.alter_column(
            "name", existing_type=sa.Text(), type_=sa.String(length=120)
        )
        batch_op.alter_column(
            "email", existing_type=sa.Text(), type_=sa.String(length=254)
        )
        batch_op.alter_column("phone", existing_type=sa.Text(), type_=sa.String(40))
        batch_op.alter_column(
            "resume_filename", existing_type=sa.Text(), type_=sa.String(length=200)
        )
        batch_op.create_index("ix_applications_email", ["email"])
        batch_op.create_unique_constraint(
            "uq_applications_opening_id_email", ["opening_id", "email"]
        )
    _foreign_keys(True)

"""privacy: personal fields encrypted at rest, an HMAC email lookup column

Revision ID: 0008_privacy
Revises: 0007_practice
Create Date: 2026-12-05 20:40:00

Converts existing rows in place (both dialects): invitation names and emails, stage
notes and webhook payloads become Fernet tokens under the newest PII_ENCRYPTION_KEYS
key; invitations get their keyed email hash. Runs in batches of 500 rows.
"""

import json

import sqlalchemy as sa
from alembic import op
from flask import current_app

from app.models.crypto import Keyring, email_hash_with

# revision identifiers, used by Alembic.
revision = "0008_privacy"
down_revision = "0007_practice"
branch_labels = None
depends_on = None

BATCH = 500


def _keyring() -> Keyring:
    config = current_app.config
    return Keyring(config["PII_ENCRYPTION_KEYS"], config["PII_HASH_KEY"])


def _convert(table, columns, transform, where=None):
    """Rewrite `columns` of every row of `table` through transform(row) -> dict."""
    connection = op.get_bind()
    last_id = 0
    while True:
        query = f"SELECT id, {', '.join(columns)} FROM {table} WHERE id > :last"
        if where:
            query += f" AND {where}"
        rows = connection.execute(
            sa.text(query + f" ORDER BY id LIMIT {BATCH}"), {"last": last_id}
        ).mappings().all()
        if not rows:
            return
        for row in rows:
            values = transform(row)
            assignments = ", ".join(f"{name} = :{name}" for name in values)
            connection.execute(
                sa.text(f"UPDATE {table} SET {assignments} WHERE id = :id"),
                {**values, "id": row["id"]},
            )
        last_id = rows[-1]["id"]


def _encrypt(keys, value):
    return keys.encrypt(value) if value else value


def _decrypt(keys, value):
    return keys.decrypt(value) if value else value


def _foreign_keys(enabled: bool) -> None:
    """SQLite's batch mode recreates a table (copy, drop, rename): with foreign keys
    on, dropping `invitations` would cascade-delete every interview session."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")


def upgrade():
    keys = _keyring()
    _foreign_keys(False)
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_constraint("uq_invitations_interview_id_email", type_="unique")
        batch_op.drop_index("ix_invitations_email")
        batch_op.add_column(sa.Column("email_hash", sa.String(length=64)))
        batch_op.alter_column(
            "email", existing_type=sa.String(length=254), type_=sa.Text()
        )
        batch_op.alter_column("name", existing_type=sa.String(length=120), type_=sa.Text())
    _convert(
        "invitations",
        ["email", "name"],
        lambda row: {
            "email": _encrypt(keys, row["email"]),
            "name": _encrypt(keys, row["name"]),
            "email_hash": email_hash_with(keys, row["email"]),
        },
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.alter_column(
            "email_hash", existing_type=sa.String(length=64), nullable=False
        )
        batch_op.create_index("ix_invitations_email_hash", ["email_hash"])
        batch_op.create_unique_constraint(
            "uq_invitations_interview_id_email_hash", ["interview_id", "email_hash"]
        )
    _convert(
        "interview_sessions",
        ["stage_note"],
        lambda row: {"stage_note": _encrypt(keys, row["stage_note"])},
        where="stage_note <> ''",
    )
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.alter_column(
            "payload",
            existing_type=sa.JSON(),
            type_=sa.Text(),
            postgresql_using="payload::text",
        )
    _convert(
        "webhook_deliveries",
        ["payload"],
        lambda row: {"payload": keys.encrypt(row["payload"])},
    )
    _foreign_keys(True)


def downgrade():
    keys = _keyring()
    _foreign_keys(False)
    _convert(
        "webhook_deliveries",
        ["payload"],
        lambda row: {"payload": keys.decrypt(row["payload"])},
    )
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.alter_column(
            "payload",
            existing_type=sa.Text(),
            type_=sa.JSON(),
            postgresql_using="payload::json",
        )
    _convert(
        "interview_sessions",
        ["stage_note"],
        lambda row: {"stage_note": _decrypt(keys, row["stage_note"])},
        where="stage_note <> ''",
    )
    _convert(
        "invitations",
        ["email", "name"],
        lambda row: {
            "email": _decrypt(keys, row["email"]),
            "name": _decrypt(keys, row["name"]),
        },
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_constraint(
            "uq_invitations_interview_id_email_hash", type_="unique"
        )
        batch_op.drop_index("ix_invitations_email_hash")
        batch_op.drop_column("email_hash")
        batch_op.alter_column(
            "email", existing_type=sa.Text(), type_=sa.String(length=254)
        )
        batch_op.alter_column("name", existing_type=sa.Text(), type_=sa.String(length=120))
        batch_op.create_index("ix_invitations_email", ["email"])
        batch_op.create_unique_constraint(
            "uq_invitations_interview_id_email", ["interview_id", "email"]
        )
    _foreign_keys(True)

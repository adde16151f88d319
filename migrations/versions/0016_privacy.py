"""privacy: personal fields encrypted at rest, an HMAC email lookup column

Revision ID: 0016_privacy
Revises: 0015_openings
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
revision = "0016_privacy"
down_revision = "0015_openings"
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
        batch_op.add_column(
            sa.Column("anonymized_at", sa.DateTime(timezone=True), nullable=True)
        )
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
    _create_privacy_tables()
    _foreign_keys(True)


def _create_privacy_tables():
    op.create_table('privacy_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('email', sa.Text(), nullable=False),
    sa.Column('email_hash', sa.String(length=64), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('confirm_token_hash', sa.String(length=64), nullable=True),
    sa.Column('download_token_hash', sa.String(length=64), nullable=True),
    sa.Column('file_name', sa.String(length=80), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('export', 'erasure')", name=op.f('ck_privacy_requests_kind')),
    sa.CheckConstraint("status IN ('awaiting_confirmation', 'queued', 'ready', 'done', 'refused')", name=op.f('ck_privacy_requests_status')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_privacy_requests_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_requests')),
    sa.UniqueConstraint('confirm_token_hash', name=op.f('uq_privacy_requests_confirm_token_hash')),
    sa.UniqueConstraint('download_token_hash', name=op.f('uq_privacy_requests_download_token_hash'))
    )
    with op.batch_alter_table('privacy_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_privacy_requests_email_hash'), ['email_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_requests_status'), ['status'], unique=False)

    op.create_table('retention_policies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('interview_id', sa.Integer(), nullable=True),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(account_id IS NULL) <> (interview_id IS NULL)', name=op.f('ck_retention_policies_one_scope')),
    sa.CheckConstraint('days BETWEEN 1 AND 3650', name=op.f('ck_retention_policies_days')),
    sa.ForeignKeyConstraint(['account_id'], ['users.id'], name=op.f('fk_retention_policies_account_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_retention_policies_interview_id_interviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_policies')),
    sa.UniqueConstraint('account_id', name=op.f('uq_retention_policies_account_id')),
    sa.UniqueConstraint('interview_id', name=op.f('uq_retention_policies_interview_id'))
    )
    op.create_table('consent_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('email_hash', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('text_version', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('ai_notice', 'voice', 'practice_data', 'processing')", name=op.f('ck_consent_records_kind')),
    sa.CheckConstraint("source IN ('welcome_page', 'practice_page', 'api', 'application_form')", name=op.f('ck_consent_records_source')),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_consent_records_invitation_id_invitations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consent_records_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_records'))
    )
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.create_index('ix_consent_records_email_hash', ['email_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_records_invitation_id'), ['invitation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consent_records_user_id'), ['user_id'], unique=False)

    op.create_table('legal_holds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('placed_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('placed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_legal_holds_invitation_id_invitations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placed_by_id'], ['users.id'], name=op.f('fk_legal_holds_placed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_holds'))
    )
    with op.batch_alter_table('legal_holds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_holds_invitation_id'), ['invitation_id'], unique=False)


def _drop_privacy_tables():
    with op.batch_alter_table('legal_holds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_holds_invitation_id'))

    op.drop_table('legal_holds')
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_records_user_id'))
        batch_op.drop_index(batch_op.f('ix_consent_records_invitation_id'))
        batch_op.drop_index('ix_consent_records_email_hash')

    op.drop_table('consent_records')
    op.drop_table('retention_policies')
    with op.batch_alter_table('privacy_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_privacy_requests_status'))
        batch_op.drop_index(batch_op.f('ix_privacy_requests_email_hash'))

    op.drop_table('privacy_requests')


def downgrade():
    keys = _keyring()
    _foreign_keys(False)
    _drop_privacy_tables()
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
        batch_op.drop_column("anonymized_at")
        batch_op.alter_column(
            "email", existing_type=sa.Text(), type_=sa.String(length=254)
        )
        batch_op.alter_column("name", existing_type=sa.Text(), type_=sa.String(length=120))
        batch_op.create_index("ix_invitations_email", ["email"])
        batch_op.create_unique_constraint(
            "uq_invitations_interview_id_email", ["interview_id", "email"]
        )
    _foreign_keys(True)

"""invitation reminders: a per-interview setting, when each invitation was reminded,
and the first link's hash (still honoured after the reminder's new link)

Revision ID: 0009_reminders
Revises: 0008_experience
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_reminders"
down_revision = "0008_experience"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(
            sa.Column(
                "reminder_days_before",
                sa.Integer(),
                server_default="2",
                nullable=False,
            )
        )
    with op.batch_alter_table("invitations") as batch:
        batch.add_column(
            sa.Column("previous_token_hash", sa.String(length=64), nullable=True)
        )
        batch.add_column(
            sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.create_index(
            batch.f("ix_invitations_previous_token_hash"),
            ["previous_token_hash"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("invitations") as batch:
        batch.drop_index(batch.f("ix_invitations_previous_token_hash"))
        batch.drop_column("reminded_at")
        batch.drop_column("previous_token_hash")
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("reminder_days_before")

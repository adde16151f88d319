"""meetings: the next round with a person (Zoom, Jitsi or a pasted link)

Revision ID: 0010_meetings
Revises: 0009_reminders
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_meetings"
down_revision = "0009_reminders"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("interviewers", sa.JSON(), nullable=False),
        sa.Column("provider", sa.String(length=8), nullable=False),
        sa.Column("join_url", sa.String(length=500), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.Column("uid", sa.String(length=80), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "provider IN ('zoom', 'jitsi', 'url')", name=op.f("ck_meetings_provider")
        ),
        sa.CheckConstraint(
            "status IN ('scheduled', 'cancelled')", name=op.f("ck_meetings_status")
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_meetings_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["interview_sessions.id"],
            name=op.f("fk_meetings_session_id_interview_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_meetings_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("uid", name=op.f("uq_meetings_uid")),
    )
    for column in ("interview_id", "session_id", "starts_at"):
        op.create_index(op.f(f"ix_meetings_{column}"), "meetings", [column])


def downgrade():
    for column in ("interview_id", "session_id", "starts_at"):
        op.drop_index(op.f(f"ix_meetings_{column}"), table_name="meetings")
    op.drop_table("meetings")

"""candidate experience: one rating (good, okay, poor) and a comment per session

Revision ID: 0008_experience
Revises: 0007_practice
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_experience"
down_revision = "0007_practice"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "experience_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(length=8), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "rating IN ('good', 'okay', 'poor')",
            name=op.f("ck_experience_ratings_rating"),
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_experience_ratings_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["interview_sessions.id"],
            name=op.f("fk_experience_ratings_session_id_interview_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experience_ratings")),
        sa.UniqueConstraint("session_id", name=op.f("uq_experience_ratings_session_id")),
    )
    op.create_index(
        op.f("ix_experience_ratings_interview_id"),
        "experience_ratings",
        ["interview_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(
        op.f("ix_experience_ratings_interview_id"), table_name="experience_ratings"
    )
    op.drop_table("experience_ratings")

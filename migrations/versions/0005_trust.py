"""fairness check: voluntary self-identification, stored apart from sessions

Revision ID: 0005_trust
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_trust"
down_revision = "0004"
branch_labels = None
depends_on = None

CHOICES = {
    "gender": ("woman", "man", "non_binary", "another_gender", "prefer_not_to_say"),
    "ethnicity": (
        "asian",
        "black",
        "hispanic_or_latino",
        "middle_eastern_or_north_african",
        "native_american_or_alaska_native",
        "pacific_islander",
        "white",
        "two_or_more",
        "another_ethnicity",
        "prefer_not_to_say",
    ),
    "age_band": ("under_25", "25_34", "35_44", "45_54", "55_plus", "prefer_not_to_say"),
    "disability": ("yes", "no", "prefer_not_to_say"),
}


def _check(field, values):
    quoted = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(
        f"{field} IS NULL OR {field} IN ({quoted})",
        name=op.f(f"ck_self_identifications_{field}"),
    )


def upgrade():
    op.create_table(
        "self_identifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("gender", sa.String(length=40), nullable=True),
        sa.Column("ethnicity", sa.String(length=40), nullable=True),
        sa.Column("age_band", sa.String(length=40), nullable=True),
        sa.Column("disability", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *(_check(field, values) for field, values in CHOICES.items()),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_self_identifications_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["interview_sessions.id"],
            name=op.f("fk_self_identifications_session_id_interview_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_identifications")),
        sa.UniqueConstraint(
            "session_id", name=op.f("uq_self_identifications_session_id")
        ),
    )
    op.create_index(
        op.f("ix_self_identifications_interview_id"),
        "self_identifications",
        ["interview_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(
        op.f("ix_self_identifications_interview_id"),
        table_name="self_identifications",
    )
    op.drop_table("self_identifications")

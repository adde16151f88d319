"""calibration: sample answers scored by the AI and a recruiter before go-live

Adds the calibrations table (one per interview) and the workspace's threshold.

Revision ID: 0018_calibration
Revises: 0017_teams
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_calibration"
down_revision = "0017_teams"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calibrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("rubric_version", sa.Integer(), nullable=False),
        sa.Column("samples", sa.JSON(), nullable=False),
        sa.Column("human_scores", sa.JSON(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_calibrations_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_calibrations_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calibrations")),
        sa.UniqueConstraint("interview_id", name=op.f("uq_calibrations_interview_id")),
    )
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(
            sa.Column(
                "calibration_max_difference",
                sa.Float(),
                server_default="1.5",
                nullable=False,
            )
        )


def downgrade():
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("calibration_max_difference")
    op.drop_table("calibrations")

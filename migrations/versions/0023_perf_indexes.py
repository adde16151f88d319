"""perf indexes: the re-scored answers analytics counts, found by a partial index

Counting the answers a recruiter re-scored read every evaluation of an interview
(90 ms at 100,000 answers on PostgreSQL); the few overridden ones now have an index.

Revision ID: 0023_perf_indexes
Revises: 0022_pipeline
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_perf_indexes"
down_revision = "0022_pipeline"
branch_labels = None
depends_on = None

OVERRIDDEN = sa.text("human_overall IS NOT NULL")


def upgrade():
    op.create_index(
        "ix_evaluations_overridden",
        "evaluations",
        ["question_id"],
        postgresql_where=OVERRIDDEN,
        sqlite_where=OVERRIDDEN,
    )


def downgrade():
    op.drop_index("ix_evaluations_overridden", table_name="evaluations")

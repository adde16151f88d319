"""i18n: when a session's candidate was told their answer is in another language

Revision ID: 0014_i18n
Revises: 0013_trustcand
Create Date: 2026-12-05 20:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0014_i18n"
down_revision = "0013_trustcand"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('interview_sessions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('language_notice_at', sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table('interview_sessions', schema=None) as batch_op:
        batch_op.drop_column('language_notice_at')

"""trustscore: integrity signals per answer, human override of a question's score

Revision ID: 0012_trustscore
Revises: 0011_untimed
Create Date: 2026-12-05 20:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012_trustscore"
down_revision = "0011_untimed"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('integrity', sa.JSON(), nullable=True))

    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('human_overall', sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column('human_reason', sa.Text(), server_default='', nullable=False)
        )
        batch_op.add_column(sa.Column('human_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('human_at', sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_evaluations_human_by_id_users'),
            'users', ['human_by_id'], ['id'], ondelete='SET NULL'
        )
        batch_op.create_check_constraint(
            'human_overall',
            'human_overall IS NULL OR (human_overall >= 0 AND human_overall <= 10)',
        )


def downgrade():
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_evaluations_human_overall'), type_='check')
        batch_op.drop_constraint(
            batch_op.f('fk_evaluations_human_by_id_users'), type_='foreignkey'
        )
        batch_op.drop_column('human_at')
        batch_op.drop_column('human_by_id')
        batch_op.drop_column('human_reason')
        batch_op.drop_column('human_overall')

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('integrity')

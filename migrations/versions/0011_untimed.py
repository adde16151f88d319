"""practice reads as practice: untimed interviews, practice interviews, ended early,
abandoned practice sessions

Revision ID: 0011_untimed
Revises: 0010_meetings
Create Date: 2026-12-05 20:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011_untimed"
down_revision = "0010_meetings"
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('pending', 'ongoing', 'completed', 'cancelled')"
NEW_STATUSES = (
    "status IN ('pending', 'ongoing', 'completed', 'cancelled', 'abandoned')"
)


def upgrade():
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('untimed', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('practice', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('interview_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_early', sa.Boolean(), nullable=False, server_default=sa.false()))
    # Practice interviews so far: those under a candidate's own product. Untimed too.
    op.execute(
        "UPDATE interviews SET practice = TRUE, untimed = TRUE WHERE product_id IN "
        "(SELECT products.id FROM products JOIN users ON users.id = products.owner_id "
        "WHERE users.role = 'candidate')"
    )
    with op.batch_alter_table('practice_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_practice_sessions_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_practice_sessions_status'), NEW_STATUSES)


def downgrade():
    op.execute(
        "UPDATE practice_sessions SET status = 'cancelled' WHERE status = 'abandoned'"
    )
    with op.batch_alter_table('practice_sessions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_practice_sessions_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_practice_sessions_status'), OLD_STATUSES)
    with op.batch_alter_table('interview_sessions', schema=None) as batch_op:
        batch_op.drop_column('ended_early')
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_column('practice')
        batch_op.drop_column('untimed')

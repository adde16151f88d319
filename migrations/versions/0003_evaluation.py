"""evaluation: scoring jobs, criteria scores, rubric versions, report fields

Evaluations become durable scoring jobs (status, attempts, claim time) with the four
criteria scores, the parallel samples' spread and extra details. Sessions pin the
rubric version they are scored against and keep their answers' flags and review
times. rubric_versions keeps every version of an interview's rubric, so an old
evaluation can always show the rubric it was scored against.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 22:17:39.692712

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

CRITERIA = ('relevance', 'completeness', 'accuracy', 'clarity')
EVALUATION_STATUSES = "'pending', 'running', 'scored', 'needs_review', 'failed'"


def _score_range(column):
    return f'{column} IS NULL OR ({column} >= 0 AND {column} <= 10)'


def upgrade():
    op.create_table('rubric_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('rubric', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_rubric_versions_interview_id_interviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubric_versions')),
    sa.UniqueConstraint('interview_id', 'version', name=op.f('uq_rubric_versions_interview_id_version'))
    )
    # Existing interviews keep their current rubric as its version.
    op.execute(
        'INSERT INTO rubric_versions (interview_id, version, rubric, created_at) '
        'SELECT id, rubric_version, rubric, updated_at FROM interviews'
    )

    # Server defaults fill the new NOT NULL columns of existing rows; the models set
    # these values themselves. Rows scored before this revision count as scored.
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=False, server_default='scored'))
        batch_op.add_column(sa.Column('relevance', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('completeness', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('accuracy', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('clarity', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('spread', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('details', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('scored_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('error', sa.Text(), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_evaluations_status'), ['status'], unique=False)
        batch_op.create_check_constraint(
            op.f('ck_evaluations_status'), f'status IN ({EVALUATION_STATUSES})'
        )
        for name in CRITERIA:
            batch_op.create_check_constraint(
                op.f(f'ck_evaluations_{name}'), _score_range(name)
            )

    with op.batch_alter_table('interview_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage_changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('rubric_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('scored_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review_flags', sa.JSON(), nullable=False, server_default='[]'))


def downgrade():
    with op.batch_alter_table('interview_sessions', schema=None) as batch_op:
        batch_op.drop_column('review_flags')
        batch_op.drop_column('scored_at')
        batch_op.drop_column('rubric_version')
        batch_op.drop_column('stage_changed_at')

    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        for name in reversed(CRITERIA):
            batch_op.drop_constraint(op.f(f'ck_evaluations_{name}'), type_='check')
        batch_op.drop_constraint(op.f('ck_evaluations_status'), type_='check')
        batch_op.drop_index(batch_op.f('ix_evaluations_status'))
        batch_op.drop_column('error')
        batch_op.drop_column('scored_at')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('attempts')
        batch_op.drop_column('details')
        batch_op.drop_column('spread')
        batch_op.drop_column('clarity')
        batch_op.drop_column('accuracy')
        batch_op.drop_column('completeness')
        batch_op.drop_column('relevance')
        batch_op.drop_column('status')

    op.drop_table('rubric_versions')

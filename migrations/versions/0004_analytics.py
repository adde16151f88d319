"""analytics: running score totals per question, cached insights, covering indexes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 22:46:07.859482

question_score_totals starts empty: analytics rebuilds a question's rows from its
evaluations the first time it reads them (their counts differ), so existing
evaluations need no backfill here.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('interview_insights',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('observations', sa.JSON(), nullable=False),
    sa.Column('provider', sa.String(length=32), nullable=False),
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('completed_sessions', sa.Integer(), nullable=False),
    sa.Column('scored_answers', sa.Integer(), nullable=False),
    sa.Column('generated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('generated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['generated_by_id'], ['users.id'], name=op.f('fk_interview_insights_generated_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['interview_id'], ['interviews.id'], name=op.f('fk_interview_insights_interview_id_interviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_insights')),
    sa.UniqueConstraint('interview_id', name=op.f('uq_interview_insights_interview_id'))
    )
    op.create_table('question_score_totals',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('competency_key', sa.String(length=40), nullable=False),
    sa.Column('evaluations', sa.Integer(), nullable=False),
    sa.Column('scored', sa.Integer(), nullable=False),
    sa.Column('insufficient', sa.Integer(), nullable=False),
    sa.Column('total', sa.Float(), nullable=False),
    sa.Column('total_squares', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_question_score_totals_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', 'competency_key', name=op.f('pk_question_score_totals'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_question_follow_up', ['question_id', 'is_follow_up', 'role', 'session_id'], unique=False)

    with op.batch_alter_table('interview_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_interview_sessions_analytics', ['interview_id', 'status', 'overall_score', 'recommendation', 'current_question_id', 'started_at', 'ended_at'], unique=False)
        batch_op.create_index('ix_interview_sessions_invitation_status', ['invitation_id', 'status'], unique=False)

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index('ix_invitations_interview_opened', ['interview_id', 'opened_at'], unique=False)


def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index('ix_invitations_interview_opened')

    with op.batch_alter_table('interview_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_interview_sessions_invitation_status')
        batch_op.drop_index('ix_interview_sessions_analytics')

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_question_follow_up')

    op.drop_table('question_score_totals')
    op.drop_table('interview_insights')

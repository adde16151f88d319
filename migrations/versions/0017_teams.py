"""teams: workspaces, memberships, invites, interview experts, question reviews

Every existing recruiter and admin account becomes a workspace of one (its owner), and
their products and categories move to it. Candidates' practice products stay personal
(no workspace).

Revision ID: 0017_teams
Revises: 0016_privacy
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_teams"
down_revision = "0016_privacy"
branch_labels = None
depends_on = None

ROLES = "role IN ('owner', 'admin', 'recruiter', 'viewer', 'expert')"


def upgrade():
    op.create_table(
        "workspaces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("personal_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["personal_user_id"],
            ["users.id"],
            name=op.f("fk_workspaces_personal_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspaces")),
        sa.UniqueConstraint(
            "personal_user_id", name=op.f("uq_workspaces_personal_user_id")
        ),
    )
    op.create_table(
        "memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(ROLES, name=op.f("ck_memberships_role")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_memberships_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_memberships_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
        sa.UniqueConstraint(
            "workspace_id", "user_id", name=op.f("uq_memberships_workspace_id_user_id")
        ),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_memberships_user_id"), ["user_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_memberships_workspace_id"), ["workspace_id"], unique=False
        )
    op.create_table(
        "workspace_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(ROLES, name=op.f("ck_workspace_invites_role")),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["users.id"],
            name=op.f("fk_workspace_invites_invited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_workspace_invites_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspace_invites")),
        sa.UniqueConstraint(
            "token_hash", name=op.f("uq_workspace_invites_token_hash")
        ),
    )
    with op.batch_alter_table("workspace_invites", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workspace_invites_workspace_id"),
            ["workspace_id"],
            unique=False,
        )
    op.create_table(
        "interview_experts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["users.id"],
            name=op.f("fk_interview_experts_added_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_interview_experts_interview_id_interviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_interview_experts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_experts")),
        sa.UniqueConstraint(
            "interview_id",
            "user_id",
            name=op.f("uq_interview_experts_interview_id_user_id"),
        ),
    )
    with op.batch_alter_table("interview_experts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interview_experts_interview_id"),
            ["interview_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_interview_experts_user_id"), ["user_id"], unique=False
        )
    op.create_table(
        "question_reviews",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("gold_answer", sa.Text(), nullable=False),
        sa.Column("gold_by_id", sa.Integer(), nullable=True),
        sa.Column("gold_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by_id"],
            ["users.id"],
            name=op.f("fk_question_reviews_approved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["gold_by_id"],
            ["users.id"],
            name=op.f("fk_question_reviews_gold_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_question_reviews_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("question_id", name=op.f("pk_question_reviews")),
    )
    for table in ("categories", "products"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("workspace_id", sa.Integer(), nullable=True))
            batch_op.create_index(
                batch_op.f(f"ix_{table}_workspace_id"), ["workspace_id"], unique=False
            )
            batch_op.create_unique_constraint(
                batch_op.f(f"uq_{table}_workspace_id_name"), ["workspace_id", "name"]
            )
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_workspace_id_workspaces"),
                "workspaces",
                ["workspace_id"],
                ["id"],
                ondelete="CASCADE",
            )
    _workspace_of_one_for_every_recruiter()


def _workspace_of_one_for_every_recruiter():
    """Data: each recruiter or admin owns a workspace of one holding their records."""
    op.execute(
        "INSERT INTO workspaces (name, personal_user_id, created_at) "
        "SELECT full_name, id, created_at FROM users "
        "WHERE role IN ('recruiter', 'admin') ORDER BY id"
    )
    op.execute(
        "INSERT INTO memberships (workspace_id, user_id, role, created_at) "
        "SELECT id, personal_user_id, 'owner', created_at FROM workspaces "
        "WHERE personal_user_id IS NOT NULL"
    )
    for table in ("categories", "products"):
        op.execute(
            f"UPDATE {table} SET workspace_id = (SELECT workspaces.id FROM workspaces "
            f"WHERE workspaces.personal_user_id = {table}.owner_id)"
        )


def downgrade():
    for table in ("products", "categories"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_workspace_id_workspaces"), type_="foreignkey"
            )
            batch_op.drop_constraint(
                batch_op.f(f"uq_{table}_workspace_id_name"), type_="unique"
            )
            batch_op.drop_index(batch_op.f(f"ix_{table}_workspace_id"))
            batch_op.drop_column("workspace_id")
    op.drop_table("question_reviews")
    with op.batch_alter_table("interview_experts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interview_experts_user_id"))
        batch_op.drop_index(batch_op.f("ix_interview_experts_interview_id"))
    op.drop_table("interview_experts")
    with op.batch_alter_table("workspace_invites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workspace_invites_workspace_id"))
    op.drop_table("workspace_invites")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memberships_user_id"))
        batch_op.drop_index(batch_op.f("ix_memberships_workspace_id"))
    op.drop_table("memberships")
    op.drop_table("workspaces")

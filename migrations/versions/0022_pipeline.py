"""pipeline: API keys and webhooks belong to a workspace; products outlive their creator

API keys and webhook endpoints get a workspace (existing rows move to their owner's
workspace of one, or the first workspace they manage). A webhook endpoint's creator and
a product's or category's creator become nullable with ON DELETE SET NULL: deleting a
member no longer deletes the workspace's products, interviews and results.

Revision ID: 0022_pipeline
Revises: 0021_brand
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_pipeline"
down_revision = "0021_brand"
branch_labels = None
depends_on = None

INTEGRATION_TABLES = ("api_keys", "webhook_endpoints")
CREATOR_TABLES = ("categories", "products", "webhook_endpoints")

# The owner's workspace of one while they are still its member, else the first
# workspace they manage, else the first they belong to.
OWNER_WORKSPACE = """COALESCE(
    (SELECT w.id FROM workspaces w JOIN memberships m
       ON m.workspace_id = w.id AND m.user_id = w.personal_user_id
     WHERE w.personal_user_id = {table}.owner_id),
    (SELECT MIN(m.workspace_id) FROM memberships m
     WHERE m.user_id = {table}.owner_id AND m.role IN ('owner', 'admin')),
    (SELECT MIN(m.workspace_id) FROM memberships m
     WHERE m.user_id = {table}.owner_id))"""


def upgrade():
    _workspace_of_one_for_owners_without_one()
    for table in INTEGRATION_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("workspace_id", sa.Integer(), nullable=True))
        op.execute(
            f"UPDATE {table} SET workspace_id = {OWNER_WORKSPACE.format(table=table)}"
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "workspace_id", existing_type=sa.Integer(), nullable=False
            )
            batch_op.create_index(
                batch_op.f(f"ix_{table}_workspace_id"), ["workspace_id"], unique=False
            )
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_workspace_id_workspaces"),
                "workspaces",
                ["workspace_id"],
                ["id"],
                ondelete="CASCADE",
            )
    for table in CREATOR_TABLES:
        _creator_fk(table, ondelete="SET NULL", nullable=True)


def _workspace_of_one_for_owners_without_one():
    """Data: an account with keys or endpoints but no workspace gets its own."""
    owners = "SELECT owner_id FROM api_keys UNION SELECT owner_id FROM webhook_endpoints"
    op.execute(
        "INSERT INTO workspaces (name, personal_user_id, created_at, "
        "calibration_max_difference) "
        "SELECT full_name, id, created_at, 1.5 FROM users "
        f"WHERE id IN ({owners}) "
        "AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id) "
        "AND NOT EXISTS (SELECT 1 FROM workspaces w "
        "WHERE w.personal_user_id = users.id) ORDER BY id"
    )
    op.execute(
        "INSERT INTO memberships (workspace_id, user_id, role, created_at) "
        "SELECT w.id, w.personal_user_id, 'owner', w.created_at FROM workspaces w "
        f"WHERE w.personal_user_id IN ({owners}) "
        "AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.workspace_id = w.id) "
        "AND NOT EXISTS (SELECT 1 FROM memberships m "
        "WHERE m.user_id = w.personal_user_id)"
    )


def _creator_fk(table: str, *, ondelete: str, nullable: bool) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f(f"fk_{table}_owner_id_users"), type_="foreignkey"
        )
        batch_op.alter_column("owner_id", existing_type=sa.Integer(), nullable=nullable)
        batch_op.create_foreign_key(
            batch_op.f(f"fk_{table}_owner_id_users"),
            "users",
            ["owner_id"],
            ["id"],
            ondelete=ondelete,
        )


def downgrade():
    # Records whose creator was deleted cannot go back to a NOT NULL creator.
    for table in reversed(CREATOR_TABLES):
        op.execute(f"DELETE FROM {table} WHERE owner_id IS NULL")
        _creator_fk(table, ondelete="CASCADE", nullable=False)
    for table in INTEGRATION_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_workspace_id_workspaces"), type_="foreignkey"
            )
            batch_op.drop_index(batch_op.f(f"ix_{table}_workspace_id"))
            batch_op.drop_column("workspace_id")

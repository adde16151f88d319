"""notify: recruiters' email notifications (their choices and the outbox)

Adds notification_settings (one row per user who changed the defaults) and
notifications (one row per event per recipient, unique, so an email goes out once).

Revision ID: 0020_notify
Revises: 0019_privacy2
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_notify"
down_revision = "0019_privacy2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notification_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("completion", sa.String(length=8), nullable=False),
        sa.Column("application", sa.String(length=8), nullable=False),
        sa.Column("threshold", sa.String(length=8), nullable=False),
        sa.Column("threshold_count", sa.Integer(), nullable=False),
        sa.Column("as_viewer", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "application IN ('instant', 'digest', 'off')",
            name=op.f("ck_notification_settings_application"),
        ),
        sa.CheckConstraint(
            "completion IN ('instant', 'digest', 'off')",
            name=op.f("ck_notification_settings_completion"),
        ),
        sa.CheckConstraint(
            "threshold IN ('instant', 'digest', 'off')",
            name=op.f("ck_notification_settings_threshold"),
        ),
        sa.CheckConstraint(
            "threshold_count >= 1",
            name=op.f("ck_notification_settings_threshold_count"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notification_settings")),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('completion', 'application', 'threshold')",
            name=op.f("ck_notifications_kind"),
        ),
        sa.CheckConstraint(
            "mode IN ('instant', 'digest')", name=op.f("ck_notifications_mode")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'skipped')",
            name=op.f("ck_notifications_status"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_notifications_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint(
            "user_id",
            "kind",
            "subject_id",
            name=op.f("uq_notifications_user_id_kind_subject_id"),
        ),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notifications_status"), ["status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_user_id"), ["user_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_workspace_id"), ["workspace_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_user_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_status"))

    op.drop_table("notifications")
    op.drop_table("notification_settings")

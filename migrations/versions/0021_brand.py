"""brand: a product's accent colour and logo for its candidate pages and openings

Adds products.accent_color and products.logo_digest, and the product_logos table
(the checked, stripped image bytes, one per product).

Revision ID: 0021_brand
Revises: 0020_notify
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_brand"
down_revision = "0020_notify"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accent_color", sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column("logo_digest", sa.String(length=64), nullable=True))
    op.create_table(
        "product_logos",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("media_type", sa.String(length=16), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_product_logos_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_product_logos")),
    )


def downgrade():
    op.drop_table("product_logos")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("logo_digest")
        batch_op.drop_column("accent_color")

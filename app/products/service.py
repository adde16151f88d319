"""Product rules. Ownership is enforced here: recruiters see their own, admins see all."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Product, User


def products_visible_to(user: User):
    """A select() of the products this user may see."""
    query = select(Product)
    if not user.is_admin:
        query = query.where(Product.owner_id == user.id)
    return query


def list_products(user: User, *, page: int = 1, per_page: int = 20, include_archived: bool = False):
    """One page of a user's products, newest first, and the total count."""
    query = products_visible_to(user)
    if not include_archived:
        query = query.where(Product.archived_at.is_(None))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(
        query.order_by(Product.created_at.desc(), Product.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return items, total

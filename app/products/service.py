"""Products and categories. Ownership is app.ownership's: recruiters see their own."""

from sqlalchemy import case, func, select

from app.audit import record_event
from app.errors import Conflict, ValidationError
from app.extensions import db
from app.models import (
    Category,
    Interview,
    InterviewSession,
    Invitation,
    Product,
    User,
    utcnow,
)
from app.ownership import get_category, visible_products
from app.pagination import paginate
from app.upsert import insert_once


def list_products(
    user: User,
    *,
    q: str | None = None,
    category_id: int | None = None,
    archived: bool = False,
    page: int = 1,
    per_page: int = 20,
):
    """One page of the products a user may see, filtered by name and category."""
    query = visible_products(user)
    query = query.where(
        Product.archived_at.is_not(None) if archived else Product.archived_at.is_(None)
    )
    if q:
        query = query.where(
            func.lower(Product.name).contains(q.strip().lower(), autoescape=True)
        )
    if category_id is not None:
        query = query.where(Product.category_id == category_id)
    query = query.order_by(Product.name, Product.id)
    return paginate(query, page=page, per_page=per_page)


def list_categories(user: User) -> list[tuple[Category, int]]:
    """The user's categories with how many active products each holds, by name."""
    counts = (
        select(Product.category_id, func.count(Product.id).label("n"))
        .where(Product.archived_at.is_(None))
        .group_by(Product.category_id)
        .subquery()
    )
    query = (
        select(Category, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.category_id == Category.id)
        .order_by(func.lower(Category.name))
    )
    if not user.is_admin:
        query = query.where(Category.owner_id == user.id)
    return [(category, count) for category, count in db.session.execute(query).all()]


def find_or_create_category(owner: User, name: str) -> Category:
    """The owner's category with this name (case-insensitive), created when missing."""
    name = name.strip()
    query = select(Category).where(
        Category.owner_id == owner.id, func.lower(Category.name) == func.lower(name)
    )
    category = db.session.scalars(query).first()
    if category is None:  # two products naming a new category at once: one inserts
        insert_once(
            Category, {"owner_id": owner.id, "name": name}, ["owner_id", "name"]
        )
        category = db.session.scalars(query).first()
    return category


def create_category(actor: User, *, name: str) -> Category:
    """A new category for the actor; a duplicate name is a Conflict."""
    if _category_named(actor.id, name) is not None:
        raise Conflict(
            "You already have a category with this name.", {"name": ["Already exists."]}
        )
    return find_or_create_category(actor, name)


def rename_category(actor: User, category_id: int, *, name: str) -> Category:
    """Rename one of the actor's categories."""
    category = get_category(actor, category_id)
    clash = _category_named(category.owner_id, name)
    if clash is not None and clash.id != category.id:
        raise Conflict(
            "You already have a category with this name.", {"name": ["Already exists."]}
        )
    category.name = name.strip()
    db.session.flush()
    return category


def delete_category(
    actor: User, category_id: int, *, origin: dict | None = None
) -> None:
    """Delete a category; its products stay, without a category."""
    category = get_category(actor, category_id)
    for product in list(category.products):
        product.category_id = None
    record_event(
        "category.deleted",
        actor=actor,
        target=category,
        details={"name": category.name},
        **(origin or {}),
    )
    db.session.delete(category)
    db.session.flush()


def _category_named(owner_id: int, name: str) -> Category | None:
    return db.session.scalars(
        select(Category).where(
            Category.owner_id == owner_id,
            func.lower(Category.name) == func.lower(name.strip()),
        )
    ).first()


def _resolve_category(
    actor: User, owner_id: int, category_id, category_name
) -> int | None:
    if category_id and category_name:
        raise ValidationError(
            "Choose a category or name a new one, not both.",
            {
                "category_name": [
                    "Choose an existing category or name a new one, not both."
                ]
            },
        )
    if category_name:
        owner = db.session.get(User, owner_id)
        return find_or_create_category(owner, category_name).id
    if category_id:
        category = get_category(actor, category_id)
        if category.owner_id != owner_id:
            raise ValidationError(details={"category_id": ["Unknown category."]})
        return category.id
    return None


def _check_name_free(owner_id: int, name: str, exclude_id: int | None = None) -> None:
    query = select(Product.id).where(
        Product.owner_id == owner_id,
        func.lower(Product.name) == func.lower(name.strip()),
    )
    if exclude_id is not None:
        query = query.where(Product.id != exclude_id)
    if db.session.scalar(query) is not None:
        raise Conflict(
            "You already have a product with this name.", {"name": ["Already exists."]}
        )


def create_product(
    actor: User,
    *,
    name: str,
    description: str = "",
    category_id: int | None = None,
    category_name: str | None = None,
) -> Product:
    """A new product owned by the actor, in an existing or a new category."""
    _check_name_free(actor.id, name)
    product = Product(owner_id=actor.id, name=name, description=description)
    product.category_id = _resolve_category(actor, actor.id, category_id, category_name)
    db.session.add(product)
    db.session.flush()
    return product


def update_product(actor: User, product: Product, **changes) -> Product:
    """Edit a product's name, description, category or archived state."""
    if "name" in changes:
        _check_name_free(product.owner_id, changes["name"], exclude_id=product.id)
        product.name = changes["name"]
    if "description" in changes:
        product.description = changes["description"]
    if "category_id" in changes or changes.get("category_name"):
        product.category_id = _resolve_category(
            actor,
            product.owner_id,
            changes.get("category_id"),
            changes.get("category_name"),
        )
    if "archived" in changes:
        set_archived(product, changes["archived"])
    db.session.flush()
    return product


def set_archived(product: Product, archived: bool) -> Product:
    """Archive (hide from lists, keep everything) or restore a product."""
    if archived and product.archived_at is None:
        product.archived_at = utcnow()
    elif not archived:
        product.archived_at = None
    return product


def interview_summaries(product: Product) -> list[dict]:
    """The product's interviews with invitation and completion counts (one query)."""
    invited = (
        select(Invitation.interview_id, func.count(Invitation.id).label("invited"))
        .group_by(Invitation.interview_id)
        .subquery()
    )
    sessions = (
        select(
            InterviewSession.interview_id,
            func.sum(case((InterviewSession.status == "completed", 1), else_=0)).label(
                "done"
            ),
        )
        .group_by(InterviewSession.interview_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Interview,
            func.coalesce(invited.c.invited, 0),
            func.coalesce(sessions.c.done, 0),
        )
        .outerjoin(invited, invited.c.interview_id == Interview.id)
        .outerjoin(sessions, sessions.c.interview_id == Interview.id)
        .where(Interview.product_id == product.id)
        .order_by(Interview.created_at.desc(), Interview.id.desc())
    ).all()
    return [
        {"interview": interview, "invited": int(n_invited), "completed": int(n_done)}
        for interview, n_invited, n_done in rows
    ]


def product_stats(product_ids: list[int]) -> dict[int, dict]:
    """Interview and invitation counts for several products at once."""
    if not product_ids:
        return {}
    rows = db.session.execute(
        select(
            Interview.product_id,
            func.count(func.distinct(Interview.id)),
            func.count(Invitation.id),
        )
        .outerjoin(Invitation, Invitation.interview_id == Interview.id)
        .where(Interview.product_id.in_(product_ids))
        .group_by(Interview.product_id)
    ).all()
    stats = {pid: {"interviews": 0, "invited": 0} for pid in product_ids}
    for product_id, interviews, invited in rows:
        stats[product_id] = {"interviews": interviews, "invited": invited}
    return stats

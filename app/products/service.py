"""Products and categories. Access is app.ownership's: a workspace sees its own."""

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
from app.ownership import (
    current_workspace,
    get_category,
    visible_categories,
    visible_products,
)
from app.pagination import paginate
from app.upsert import insert_unless_taken


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
    """The workspace's categories with how many active products each holds, by name."""
    counts = (
        select(Product.category_id, func.count(Product.id).label("n"))
        .where(Product.archived_at.is_(None))
        .group_by(Product.category_id)
        .subquery()
    )
    categories = visible_categories(user).subquery()
    query = (
        select(Category, func.coalesce(counts.c.n, 0))
        .where(Category.id.in_(select(categories.c.id)))
        .outerjoin(counts, counts.c.category_id == Category.id)
        .order_by(func.lower(Category.name))
    )
    return [(category, count) for category, count in db.session.execute(query).all()]


def find_or_create_category(actor: User, workspace_id: int, name: str) -> Category:
    """The workspace's category with this name (case-insensitive), created when
    missing (by `actor`)."""
    name = name.strip()
    category = _category_named(workspace_id, name)
    if category is None:  # two products naming a new category at once: one inserts
        insert_unless_taken(
            Category,
            {"owner_id": actor.id, "workspace_id": workspace_id, "name": name},
        )
        category = _category_named(workspace_id, name)
    if category is None:  # the actor's own category of that name, elsewhere
        raise Conflict(
            "You already have a category with this name in another workspace.",
            {"category_name": ["Already used in another workspace."]},
        )
    return category


def create_category(actor: User, *, name: str) -> Category:
    """A new category in the actor's workspace; a duplicate name is a Conflict."""
    workspace = current_workspace(actor)
    if _category_named(workspace.id, name) is not None:
        raise Conflict(
            "You already have a category with this name.", {"name": ["Already exists."]}
        )
    return find_or_create_category(actor, workspace.id, name)


def rename_category(actor: User, category_id: int, *, name: str) -> Category:
    """Rename one of the workspace's categories."""
    category = get_category(actor, category_id)
    clash = _category_named(category.workspace_id, name)
    mine = _owner_named(Category, category.owner_id, name)
    if (clash is not None and clash.id != category.id) or (
        mine is not None and mine.id != category.id
    ):
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


def _category_named(workspace_id: int, name: str) -> Category | None:
    return db.session.scalars(
        select(Category).where(
            Category.workspace_id == workspace_id,
            func.lower(Category.name) == func.lower(name.strip()),
        )
    ).first()


def _owner_named(model, owner_id: int | None, name: str):
    """The creator's record of this name in any workspace: names stay unique per
    creator too (the older constraint), so a clash is a clear Conflict, not a 500.
    A record whose creator was deleted has none (NULL never clashes)."""
    if owner_id is None:
        return None
    return db.session.scalars(
        select(model).where(model.owner_id == owner_id, model.name == name.strip())
    ).first()


def _resolve_category(
    actor: User, workspace_id: int, category_id, category_name
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
        return find_or_create_category(actor, workspace_id, category_name).id
    if category_id:
        category = get_category(actor, category_id)
        if category.workspace_id != workspace_id:
            raise ValidationError(details={"category_id": ["Unknown category."]})
        return category.id
    return None


def _check_name_free(
    workspace_id: int, owner_id: int | None, name: str, exclude_id: int | None = None
) -> None:
    query = select(Product.id).where(
        Product.workspace_id == workspace_id,
        func.lower(Product.name) == func.lower(name.strip()),
    )
    if exclude_id is not None:
        query = query.where(Product.id != exclude_id)
    mine = _owner_named(Product, owner_id, name)
    if db.session.scalar(query) is not None or (
        mine is not None and mine.id != exclude_id
    ):
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
    workspace = current_workspace(actor)
    _check_name_free(workspace.id, actor.id, name)
    product = Product(
        owner_id=actor.id,
        workspace_id=workspace.id,
        name=name,
        description=description,
    )
    product.category_id = _resolve_category(
        actor, workspace.id, category_id, category_name
    )
    db.session.add(product)
    db.session.flush()
    return product


def update_product(actor: User, product: Product, **changes) -> Product:
    """Edit a product's name, description, category or archived state."""
    if "name" in changes:
        _check_name_free(
            product.workspace_id,
            product.owner_id,
            changes["name"],
            exclude_id=product.id,
        )
        product.name = changes["name"]
    if "description" in changes:
        product.description = changes["description"]
    if "category_id" in changes or changes.get("category_name"):
        product.category_id = _resolve_category(
            actor,
            product.workspace_id,
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

"""One page of a select() and its total, for every list in the API and the portal."""

from sqlalchemy import func, select

from app.extensions import db


def paginate(query, *, page: int = 1, per_page: int = 20) -> tuple[list, dict]:
    """Run a select() for one page; returns (items, {page, per_page, total})."""
    total = db.session.scalar(
        select(func.count()).select_from(query.order_by(None).subquery())
    )
    items = db.session.scalars(
        query.limit(per_page).offset((page - 1) * per_page)
    ).all()
    return list(items), {"page": page, "per_page": per_page, "total": total}


def paginate_list(
    items: list, *, page: int = 1, per_page: int = 20
) -> tuple[list, dict]:
    """One page of rows already filtered or sorted in Python (by decrypted fields)."""
    start = (page - 1) * per_page
    meta = {"page": page, "per_page": per_page, "total": len(items)}
    return list(items[start : start + per_page]), meta

"""One page of a select() and its total, for every list in the API and the portal."""

from sqlalchemy import func, literal_column, select

from app.extensions import db


def paginate(query, *, page: int = 1, per_page: int = 20) -> tuple[list, dict]:
    """Run a select() for one page; returns (items, {page, per_page, total})."""
    counted = query.order_by(None)
    if not counted._distinct:
        # Counted over one constant column: a subquery of the whole entity builds a
        # proxy for each of its columns on every request (a tenth of a list page).
        counted = counted.with_only_columns(
            literal_column("1"), maintain_column_froms=True
        )
    total = db.session.scalar(select(func.count()).select_from(counted.subquery()))
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

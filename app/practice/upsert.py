"""INSERT ... ON CONFLICT in the session's dialect: the race-safe writes of practice."""

from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db


def insert_ignoring_duplicates(model, values: dict | list[dict], keys: list[str]):
    """Insert rows unless one with the same `keys` exists (no read-then-insert)."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model.__table__).on_conflict_do_nothing(
        index_elements=keys
    )
    db.session.execute(statement, values if isinstance(values, list) else [values])


def upsert(model, values: dict, keys: list[str], update: list[str]):
    """Insert a row, or update `update` columns of the one with the same `keys`."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model.__table__).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=keys, set_={name: statement.excluded[name] for name in update}
    )
    db.session.execute(statement)

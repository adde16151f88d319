"""Race-safe writes: "create on first use" and "read, decide, write".

Two requests that both find a row missing and both insert it collide on its unique
constraint; the loser's IntegrityError would end its request with a 500. Inserting with
ON CONFLICT DO NOTHING (the same statement on SQLite and PostgreSQL) lets the loser go
on and read the row the winner wrote. PostgreSQL makes the loser wait for the winner's
transaction; SQLite lets one writer in at a time.

Two requests that read a value, decide, and write would both write, the second undoing
or repeating the first (two audit events, a revocation undone). `update_if` writes only
where the value read still holds, and tells the caller whether it did.
"""

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db


def dialect_insert(target):
    """An INSERT into `target` (a model or table) in the session's dialect, which
    offers ON CONFLICT."""
    name = db.session.get_bind().dialect.name
    return (postgresql if name == "postgresql" else sqlite).insert(target)


def insert_once(model, values: dict, conflict: list[str]) -> bool:
    """Insert a row unless one with the same `conflict` columns exists; True when this
    call inserted it. Pending ORM changes are flushed first, so they come before it."""
    db.session.flush()
    table = model.__table__
    statement = (
        dialect_insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=conflict)
        # rowcount is -1 here with psycopg 3: ask for the new row's key instead.
        .returning(*table.primary_key.columns)
    )
    return db.session.execute(statement).first() is not None


def insert_unless_taken(model, values: dict):
    """Insert an ORM row unless it would break any unique constraint of its table;
    the new row (in the session), or None when another writer got there first."""
    db.session.flush()
    statement = (
        dialect_insert(model).values(**values).on_conflict_do_nothing().returning(model)
    )
    return db.session.scalars(statement).first()


def update_if(record, condition, **values) -> bool:
    """UPDATE one ORM record's row with `values` only where `condition` still holds
    in the database (compare-and-set: a decision made on a value read earlier is
    written only if nobody changed that value meanwhile); True when it was written.
    The changed attributes (all of them, when nothing was written) are expired, so
    the record shows the database's values when next read."""
    model = type(record)
    db.session.flush()
    result = db.session.execute(
        update(model)
        .where(model.id == record.id, condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    written = result.rowcount == 1
    if written:
        db.session.expire(record, list(values))
    else:
        db.session.expire(record)
    return written

"""Counting the SQL statements a block of code runs (SQLAlchemy's engine events)."""

from sqlalchemy import event

from app.extensions import db


class Statements:
    """The statements the engine runs inside a `with` block."""

    def __enter__(self):
        self.seen = []
        self.text = []
        event.listen(db.engine, "before_cursor_execute", self._record)
        return self

    def _record(self, _conn, _cursor, statement, *_args):
        self.seen.append(statement.split()[0].upper())
        self.text.append(" ".join(statement.split()))

    def __exit__(self, *_exc):
        event.remove(db.engine, "before_cursor_execute", self._record)

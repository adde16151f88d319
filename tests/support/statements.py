"""Counting the SQL statements a block of code runs (SQLAlchemy's engine events)."""

from sqlalchemy import event

from app.extensions import db


class Statements:
    """The statements the engine runs inside a `with` block."""

    def __enter__(self):
        self.text = []  # each statement on one line
        event.listen(db.engine, "before_cursor_execute", self._record)
        return self

    @property
    def seen(self) -> list[str]:
        """Each statement's verb: SELECT, INSERT, UPDATE..."""
        return [statement.split()[0].upper() for statement in self.text]

    def _record(self, _conn, _cursor, statement, *_args):
        self.text.append(" ".join(statement.split()))

    def __exit__(self, *_exc):
        event.remove(db.engine, "before_cursor_execute", self._record)

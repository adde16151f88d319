"""Searching the whole database for a person's data, as an auditor would."""

from sqlalchemy import text

from app.extensions import db
from app.models.crypto import keyring
from app.privacy.registry import encrypted_columns


def raw_rows() -> list[tuple[str, tuple]]:
    """Every row of every table exactly as stored: (table, row), read with SELECT *."""
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(text(f"SELECT * FROM {table.name}")):
            found.append((table.name, tuple(row)))
    return found


def clear_text_hits(needles: list[str]) -> list[str]:
    """Where any needle appears in the stored bytes of any column (case-insensitive)."""
    hits = []
    for table, row in raw_rows():
        stored = " ".join(str(value) for value in row).lower()
        hits.extend(f"{table}: {n!r}" for n in needles if n.lower() in stored)
    return hits


def sqlite_file_bytes() -> bytes | None:
    """The database file's bytes (the in-memory SQLite database serialised), or
    None on another backend."""
    if db.engine.dialect.name != "sqlite":
        return None
    connection = db.session.connection().connection.driver_connection
    return connection.serialize()


def decrypted_hits(needles: list[str]) -> list[str]:
    """Where any needle appears anywhere, decrypting the encrypted columns as well."""
    hits = clear_text_hits(needles)
    keys = keyring()
    for table, column in encrypted_columns():
        for (value,) in db.session.execute(text(f"SELECT {column} FROM {table}")):
            plain = keys.decrypt(value).lower() if value else ""
            hits.extend(
                f"{table}.{column} (decrypted): {n!r}"
                for n in needles
                if n.lower() in plain
            )
    return hits

"""What Viva holds about a person, in one place.

- encrypted_columns(): every column stored encrypted (EncryptedText, EncryptedJSON),
  found from the models themselves, so a new model with an encrypted column (an
  application's phone number, a resume's text) is rotated with no change here.
- SUBJECT_RECORDS: every kind of record about one person (invitations, sessions,
  consents, ...), with how to find it from the person's email hash, export it and
  erase it. Export, erasure and retention walk this list; a feature that stores data
  about people registers its kind with register_subject_records().
"""

from collections.abc import Callable
from dataclasses import dataclass

from app.extensions import db
from app.models.crypto import EncryptedJSON, EncryptedText


def encrypted_columns() -> list[tuple[str, str]]:
    """(table, column) of every encrypted column of every model, in a stable order."""
    found = set()
    for mapper in db.Model.registry.mappers:
        table = mapper.local_table
        for column in table.columns:
            if isinstance(column.type, EncryptedText | EncryptedJSON):
                found.add((table.name, column.name))
    return sorted(found)


@dataclass(frozen=True)
class SubjectRecords:
    """One kind of record about a person.

    find(subject, actor) -> the records of the subject (anything with `email` and
    `email_hash`, such as the PrivacyRequest; actor None: all of them; a recruiter:
    those they may see); export(record) -> a JSON-able dict;
    erase(record) deletes or anonymizes it (the caller commits).
    """

    name: str
    find: Callable[[object, object], list]
    export: Callable[[object], dict]
    erase: Callable[[object], None]


SUBJECT_RECORDS: list[SubjectRecords] = []


def register_subject_records(kind: SubjectRecords) -> SubjectRecords:
    """Add a kind of personal record to what export, erasure and retention walk."""
    if any(existing.name == kind.name for existing in SUBJECT_RECORDS):
        raise ValueError(f"{kind.name} is registered already")
    SUBJECT_RECORDS.append(kind)
    return kind

"""Rubric versions: every version of an interview's rubric is kept, so a session is
scored against the version in force when it started, and an old evaluation always
shows the rubric it was scored against."""

from sqlalchemy import select

from app.extensions import db
from app.models import Interview, RubricVersion
from app.upsert import insert_once


def record_rubric_version(interview: Interview) -> RubricVersion:
    """Store the interview's current rubric under its version number, once (the
    first of several candidates starting together stores it, the others read it)."""
    where = (
        RubricVersion.interview_id == interview.id,
        RubricVersion.version == interview.rubric_version,
    )
    stored = db.session.scalars(select(RubricVersion).where(*where)).first()
    if stored is None:
        insert_once(
            RubricVersion,
            {
                "interview_id": interview.id,
                "version": interview.rubric_version,
                "rubric": [dict(item) for item in interview.rubric],
            },
            ["interview_id", "version"],
        )
        stored = db.session.scalars(select(RubricVersion).where(*where)).one()
    return stored


def rubric_for(interview: Interview, version: int | None) -> list[dict]:
    """The rubric as it was at `version` (the current one when unknown or unset)."""
    if version is None or version == interview.rubric_version:
        return list(interview.rubric)
    stored = db.session.scalars(
        select(RubricVersion).where(
            RubricVersion.interview_id == interview.id,
            RubricVersion.version == version,
        )
    ).first()
    return list(stored.rubric) if stored is not None else list(interview.rubric)

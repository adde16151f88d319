"""Rubrics: drafted from the role, and versioned.

A new interview's rubric is drafted from its role (title, seniority, skills, job
description) with the offline competency vocabulary, instantly; "Draft from the role"
asks the configured AI provider (the same vocabulary offline). Every version of an
interview's rubric is kept, so a session is scored against the version in force when
it started, and an old evaluation always shows the rubric it was scored against."""

from sqlalchemy import select

from app.ai import competencies
from app.ai.providers import AIProvider, ProviderError, get_provider
from app.ai.rubric_drafting import draft_rubric
from app.errors import ServiceUnavailable
from app.extensions import db
from app.models import Interview, RubricVersion, User
from app.ownership import get_interview
from app.upsert import insert_once

ROLE_FIELDS = ("role_title", "seniority", "skills", "job_description")


def role_of(source) -> dict:
    """The fields a rubric is drafted from, from an interview or a settings dict."""
    get = source.get if isinstance(source, dict) else lambda k: getattr(source, k)
    return {name: get(name) for name in ROLE_FIELDS}


def role_rubric(settings: dict) -> list[dict]:
    """A rubric for a new interview's role, from the offline vocabulary."""
    role = {"seniority": "mid", "skills": [], "job_description": "", **settings}
    return competencies.draft_rubric(role_of(role))


def redraft_rubric(
    actor: User, interview_id: int, *, provider: AIProvider | None = None
) -> Interview:
    """Replace the rubric with one the provider drafts from the role (new version)."""
    interview = get_interview(actor, interview_id)
    try:
        rubric = draft_rubric(role_of(interview), provider or get_provider())
    except ProviderError as exc:
        raise ServiceUnavailable(
            f"The AI provider could not draft a rubric: {exc}"
        ) from exc
    if rubric is None:
        raise ServiceUnavailable(
            "The AI provider returned no usable rubric. Try again, or edit it by hand."
        )
    if rubric != interview.rubric:
        record_rubric_version(interview)
        interview.rubric = rubric
        interview.rubric_version += 1
        record_rubric_version(interview)
    db.session.flush()
    return interview


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
